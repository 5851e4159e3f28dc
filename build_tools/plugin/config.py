"""The `gesprekskit` options as MkDocs validates them when it builds.

Gesprekskit itself reads them as plain data (`plan/settings.py`), without MkDocs; the two
lists of options must stay alike (tests/test_plan.py compares them).
"""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class LanguageConfig(Config):
    """One language of the guide: its name in the language selector and its nav titles."""

    name = c.Type(str, default="")
    site_name = c.Optional(c.Type(str))
    site_description = c.Optional(c.Type(str))
    #: Titles of the nav in mkdocs.yml (written in the default language) → this language.
    nav = c.Type(dict, default={})
    #: Where a text missing in this language comes from, in order (default: the default
    #: language), e.g. [en, nl].
    fallback = c.ListOfItems(c.Type(str), default=[])
    #: Font files inside the project for characters the brand's fonts and Inter lack.
    fonts = c.ListOfItems(c.Type(str), default=[])


class GesprekskitConfig(Config):
    kits_dir = c.Type(str, default="kits")
    tips_dir = c.Type(str, default="kits/tips")
    #: The trainers' workshops (issue 19); the folder is optional.
    workshops_dir = c.Type(str, default="workshops")
    #: The default language: its site sits at the root, plain texts are in it.
    language = c.Type(str, default="nl")
    #: Every language the guide is built in; the default language first or anywhere.
    languages = c.DictOfItems(c.SubConfig(LanguageConfig), default={})
    kits_section = c.Type(str, default="gesprekken")
    pdfs = c.Type(bool, default=True)
    #: The printed handbook (one PDF per language); off for a guide too large to print whole.
    handbook = c.Type(bool, default=True)
    #: Worker processes for PDF rendering; 0 means one per core.
    jobs = c.Type(int, default=0)
    #: Reuse PDFs of unchanged kits from the cache folder (relative to mkdocs.yml). Off, every
    #: PDF is rendered again; the fresh renders still replace their entries in that folder.
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/gesprekskit/pdf")
    #: Every warning becomes an error, in `gesprekskit validate` and the build alike.
    strict = c.Type(bool, default=False)
    #: A brand.yml file, relative to mkdocs.yml; empty means `_brand.yml` when it exists.
    brand = c.Type(str, default="")
    #: Issue 18: when the year's conversations fall (time zone, start, time, reminder, months
    #: per kit), checked by `build_tools.cycle.settings`; see content/voor-hr/jaarritme-en-agenda.md.
    cycle = c.Type(dict, default={})
    #: Written `!!python/name:build_tools.theme_notice.SILENCED` so that reading mkdocs.yml
    #: loads Gesprekskit before the theme (see `theme_notice`); has no other effect.
    quiet_theme_notice = c.Type(bool, default=False)
