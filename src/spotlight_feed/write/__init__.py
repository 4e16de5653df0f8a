"""Write stage: one episode's files (MP3, chapters, transcripts, page), the feed and the index."""
