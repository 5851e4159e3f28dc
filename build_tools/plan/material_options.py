"""The options Material for MkDocs documents under `theme:`, as data, in one place.

MkDocs hands every key under `theme:` to the theme without a word, and Material ignores what
it does not know: `navigation.tabz` or `primery: indigo` simply do nothing. These lists are
what `material_checks.py` compares against. They follow Material's documentation (setup
pages "Changing the colors", "Changing the fonts", "Setting up navigation", "Setting up site
search", "Adding a comment system"/"header"/"footer", "Code blocks", "Content tabs",
"Tooltips") for the 9.x releases this project installs; update them with Material.
"""

from __future__ import annotations

#: Keys under `theme:` that MkDocs itself reads (every theme) or Material documents.
THEME_OPTIONS = (
    # MkDocs
    "name", "custom_dir", "static_templates", "locale",
    # Material
    "language", "direction", "features", "palette", "font", "icon", "logo", "favicon",
)

#: `theme.features`: every feature flag Material documents.
FEATURES = (
    "announce.dismiss",
    "content.action.edit", "content.action.view",
    "content.code.annotate", "content.code.copy", "content.code.select",
    "content.footnote.tooltips", "content.tabs.link", "content.tooltips",
    "header.autohide",
    "navigation.expand", "navigation.footer", "navigation.indexes",
    "navigation.instant", "navigation.instant.prefetch", "navigation.instant.preview",
    "navigation.instant.progress", "navigation.path", "navigation.prune",
    "navigation.sections", "navigation.tabs", "navigation.tabs.sticky", "navigation.top",
    "navigation.tracking",
    "search.highlight", "search.share", "search.suggest",
    "toc.follow", "toc.integrate",
)

#: Keys of `theme.palette` (a mapping, or a list of them for a light/dark toggle).
PALETTE_OPTIONS = ("scheme", "primary", "accent", "media", "toggle")
#: Keys of a palette's `toggle`.
TOGGLE_OPTIONS = ("icon", "name")
#: Material's own colour schemes; a scheme of one's own (with its CSS) is allowed too.
SCHEMES = ("default", "slate")
#: `primary:` values, as Material writes them into the page (a space becomes a hyphen);
#: `custom` takes the colours from the site's own CSS (Gesprekskit's brand colours).
PRIMARY_COLOURS = (
    "red", "pink", "purple", "deep-purple", "indigo", "blue", "light-blue", "cyan", "teal",
    "green", "light-green", "lime", "yellow", "amber", "orange", "deep-orange", "brown", "grey",
    "blue-grey", "black", "white", "custom",
)
#: `accent:` values: the primary colours without the greys, black and white.
ACCENT_COLOURS = tuple(colour for colour in PRIMARY_COLOURS
                       if colour not in ("brown", "grey", "blue-grey", "black", "white"))

#: Keys of `theme.font` (or `font: false`, no web fonts).
FONT_OPTIONS = ("text", "code")
#: `theme.direction`.
DIRECTIONS = ("ltr", "rtl")

#: Where the lists come from, for hints.
DOCUMENTATION = "https://squidfunk.github.io/mkdocs-material/setup/"
