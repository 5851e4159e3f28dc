"""The guide plan: settings, project, brand and one edition per language, without MkDocs.

See `guide.py`; the MkDocs adapter (`build_tools/plugin/`) only hands what the plan decided to
MkDocs. Nothing in this package imports MkDocs (tests/test_plan.py enforces it).
"""

from .edition import Edition, LanguageChoice
from .guide import GuidePlan, PlanError, make_plan, plan_for, project_settings
from .publish import PublishedFile
from .settings import GesprekskitOptions, GuideSettings, LanguageOptions, read_settings
from .config_file import ConfigFileError

__all__ = ["ConfigFileError", "Edition", "GesprekskitOptions", "GuidePlan", "GuideSettings",
           "LanguageChoice", "LanguageOptions", "PlanError", "PublishedFile", "make_plan",
           "plan_for", "project_settings", "read_settings"]
