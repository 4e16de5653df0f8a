"""feed.xml: values decided once (:mod:`.values`), written through feedgen (:mod:`.feedgen`)."""
