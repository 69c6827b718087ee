"""article-cleaner: remove scraper debris from article text, repair it, and record every change.

    >>> from cleaner import clean
    >>> result = clean("[ad_1]\\n\\nThe summit ended on Friday.\\n\\nLeave a Reply")
    >>> result.text
    'The summit ended on Friday.\\n'
    >>> result.restore() == "[ad_1]\\n\\nThe summit ended on Friday.\\n\\nLeave a Reply"
    True
"""

from .edits import Edit, apply, restore
from .pipeline import Cleaner, CleanResult, clean
from .ruleset import Config, Rule, RuleError, load_config

__all__ = ["Cleaner", "CleanResult", "Config", "Edit", "Rule", "RuleError", "apply", "clean", "load_config", "restore"]
__version__ = "0.1.0"
