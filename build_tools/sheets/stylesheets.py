"""The kit sheets' stylesheets, parsed once per process instead of once per layout.

WeasyPrint parses every ``<link rel="stylesheet">`` of a document each time it lays it out:
about a sixth of a sheet's layout time, paid again for every density, deck trial and poster
measurement. The package's own stylesheets are the same every time, so they are parsed once
(per font configuration: their ``@font-face`` rules register Inter in it) and handed to WeasyPrint
ready, with the sheet's ``<style>`` (brand colours and fonts, page size), which is parsed each
time since it depends on the brand, the language and the project.

WeasyPrint takes ready stylesheets only as *user* stylesheets. The cascade stays what it was
with ``<link>`` and ``<style>`` in the document: every one of them goes in as a user
stylesheet, in document order, so they keep their order among themselves, they all still win
over WeasyPrint's own (user agent) stylesheet, and a ``style`` attribute still wins over all of
them (the sheets' templates write none with ``!important``). The PDFs are byte-identical.
"""

from __future__ import annotations

import atexit
from typing import Any

import weasyprint


#: Parsed stylesheets by URL and font configuration (which holds the fonts their ``@font-face``
#: rules load). Emptied when it gets long: a process rarely uses more than a few brands.
_PARSED: dict[tuple[str, Any], weasyprint.CSS] = {}
_MOST = 64

# Entries keep font configurations alive: let them go (and remove their temporary font
# folders) before the interpreter exits, like ``render._font_config``.
atexit.register(_PARSED.clear)


def package_stylesheet(url: str, font_config: Any, url_fetcher: Any) -> weasyprint.CSS:
    """One of Gesprekskit's own stylesheets, parsed once per font configuration.
    ``url_fetcher`` only serves that first parse: the package's files are the same through
    any sheet's fetcher."""
    key = (url, font_config)
    if key not in _PARSED:
        if len(_PARSED) >= _MOST:
            _PARSED.clear()
        _PARSED[key] = weasyprint.CSS(url=url, url_fetcher=url_fetcher, font_config=font_config)
    return _PARSED[key]


def sheet_stylesheets(hrefs: list[str], style: str, *, base_url: str, font_config: Any,
                      url_fetcher: Any) -> list[weasyprint.CSS]:
    """What ``<link>`` (``hrefs``, relative to ``base_url``) and ``<style>`` (``style``) would
    load, in that order, for ``HTML.render(stylesheets=...)``."""
    return [*(package_stylesheet(base_url + href, font_config, url_fetcher) for href in hrefs),
            weasyprint.CSS(string=style, base_url=base_url, url_fetcher=url_fetcher,
                           font_config=font_config)]
