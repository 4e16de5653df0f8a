"""Apple Podcasts' category list and the Podcasting 2.0 person taxonomy.

Categories: Apple support article 1691 "Apple Podcasts categories" (the 2019
revision, current). Only the first category/subcategory pair counts for Apple
(podcast requirements 823), so the show config takes exactly one.

Person roles: ``taxonomy.json`` of the Podcasting 2.0 namespace (``podcast:person``
``role`` and ``group``, matched case-insensitively, emitted in lower case).
"""

from __future__ import annotations

CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": (
        "Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
        "Home & Garden", "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
        "Sports News", "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality",
    ),
    "Science": (
        "Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
        "Natural Sciences", "Nature", "Physics", "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships",
    ),
    "Sports": (
        "Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey",
        "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}  # fmt: skip

TAXONOMY: dict[str, tuple[str, ...]] = {
    "cast": (
        "host", "co-host", "guest host", "guest", "voice actor", "narrator", "announcer",
        "reporter",
    ),
    "writing": (
        "author", "editorial director", "co-writer", "writer", "songwriter", "guest writer",
        "story editor", "managing editor", "script editor", "script coordinator", "researcher",
        "editor", "fact checker", "translator", "transcriber", "logger",
    ),
    "creative direction": (
        "director", "assistant director", "executive producer", "senior producer", "producer",
        "associate producer", "development producer", "creative director",
    ),
    "audio production": (
        "studio coordinator", "technical director", "technical manager", "audio engineer",
        "remote recording engineer", "post production engineer",
    ),
    "audio post-production": (
        "audio editor", "sound designer", "foley artist", "composer", "theme music",
        "music production", "music contributor",
    ),
    "administration": (
        "production coordinator", "booking coordinator", "production assistant",
        "content manager", "marketing manager", "sales representative", "sales manager",
    ),
    "visuals": ("graphic designer", "cover art designer"),
    "community": ("social media manager",),
    "misc.": ("consultant", "intern"),
    "video production": ("camera operator", "lighting designer", "camera grip", "assistant camera"),
    "video post-production": ("editor", "assistant editor"),
}  # fmt: skip

MEDIUMS = ("podcast", "music", "video", "film", "audiobook", "newsletter", "blog", "publisher",
           "course")  # fmt: skip
"""``podcast:medium`` values for feeds with items (the ``L`` list variants hold no items)."""

LICENSES = ("ARR", "CC-BY-4.0", "CC-BY-NC-4.0", "CC-BY-NC-ND-4.0", "POD-V4V-1.0")
"""Podcasting 2.0 ``licenses.json`` short names; any other needs a ``url``."""

LICENSE_NAMES = {
    "ARR": ("All rights reserved", ""),
    "CC-BY-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-NC-4.0": ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/"),
    "CC-BY-NC-ND-4.0": ("CC BY-NC-ND 4.0", "https://creativecommons.org/licenses/by-nc-nd/4.0/"),
    "POD-V4V-1.0": ("Podcasting Value4Value 1.0", ""),
}
"""What people read for each short name, and its deed (Creative Commons' own spelling)."""


def license_name(identifier: str) -> tuple[str, str]:
    """The readable name of a ``podcast:license`` identifier and its deed URL (or "")."""
    for key, value in LICENSE_NAMES.items():
        if key.lower() == identifier.lower():
            return value
    return identifier, ""


OBSOLETE: dict[tuple[str, str | None], str] = {
    ("Games & Hobbies", None): "Leisure › Games or Leisure › Hobbies",
    ("Games & Hobbies", "Video Games"): "Leisure › Video Games",
    ("Games & Hobbies", "Automotive"): "Leisure › Automotive",
    ("Games & Hobbies", "Aviation"): "Leisure › Aviation",
    ("Games & Hobbies", "Hobbies"): "Leisure › Hobbies",
    ("Games & Hobbies", "Other Games"): "Leisure › Games",
    ("Sports & Recreation", None): "Sports",
    ("Science & Medicine", None): "Science, or Health & Fitness › Medicine",
    ("Science & Medicine", "Medicine"): "Health & Fitness › Medicine",
    ("Government & Organizations", None): "Government",
    ("News & Politics", None): "News, or News › Politics",
    ("Health", None): "Health & Fitness",
    ("Technology", "Tech News"): "News › Tech News",
    ("Technology", "Podcasting"): "Technology without a subcategory",
    ("Technology", "Gadgets"): "Technology without a subcategory",
    ("Technology", "Software How-To"): "Technology without a subcategory",
    ("Arts", "Literature"): "Arts › Books",
    ("Business", "Business News"): "News › Business News",
    ("Society & Culture", "History"): "History",
}
"""Categories of Apple's list before its 2019 revision, and their replacements (article 1691)."""


def category_problem(category: str, subcategory: str | None) -> str | None:
    """Explain why the pair is not on Apple's list, or return ``None`` when it is.

    A category of the list before 2019 (:data:`OBSOLETE`) is named as such, with
    what replaced it.
    """
    key = (category, subcategory)
    if key in OBSOLETE or (category not in CATEGORIES and (category, None) in OBSOLETE):
        given = f"{category} › {subcategory}" if key in OBSOLETE and subcategory else category
        use = OBSOLETE.get(key) or OBSOLETE[(category, None)]
        return f"'{given}' is an obsolete Apple Podcasts category (replaced in 2019); use {use}"
    if category not in CATEGORIES:
        near = _closest(category, CATEGORIES)
        hint = f" (did you mean '{near}'?)" if near else ""
        return f"'{category}' is not an Apple Podcasts category{hint}"
    if subcategory is not None and subcategory not in CATEGORIES[category]:
        subs = CATEGORIES[category]
        if not subs:
            return f"Apple's category '{category}' has no subcategories"
        near = _closest(subcategory, subs)
        hint = f" (did you mean '{near}'?)" if near else ""
        return f"'{subcategory}' is not a subcategory of '{category}'{hint}"
    return None


def role_problem(role: str, group: str) -> str | None:
    """Explain why role/group is not in the Podcasting 2.0 taxonomy, or ``None``."""
    g, r = group.lower(), role.lower()
    if g not in TAXONOMY:
        near = _closest(g, TAXONOMY)
        hint = f" (did you mean '{near}'?)" if near else ""
        return f"group '{group}' is not in the podcast:person taxonomy{hint}"
    if r not in TAXONOMY[g]:
        near = _closest(r, TAXONOMY[g])
        hint = f" (did you mean '{near}'?)" if near else ""
        return f"role '{role}' is not in group '{g}' of the podcast:person taxonomy{hint}"
    return None


def _closest(word: str, choices: object) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)  # type: ignore[call-overload]
    return found[0] if found else None
