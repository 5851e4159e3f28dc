"""Typed options of the `gesprekskit` MkDocs plugin, read in one place."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class GesprekskitConfig(Config):
    kits_dir = c.Type(str, default="kits")
    tips_dir = c.Type(str, default="kits/tips")
    language = c.Type(str, default="nl")
    kits_section = c.Type(str, default="gesprekken")
    pdfs = c.Type(bool, default=True)
    strict = c.Type(bool, default=False)
    #: A brand.yml file, relative to mkdocs.yml; empty means `_brand.yml` when it exists.
    brand = c.Type(str, default="")
