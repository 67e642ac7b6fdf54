"""cleandoc: clean Chinese official documents (公文) damaged by PDF extraction,
OCR or LLMs.

    >>> import cleandoc
    >>> cleandoc.clean("委员会:\\n").text
    '委员会：\\n'
"""

from cleandoc.config import Config, ConfigError, load_config
from cleandoc.model import Change, Diagnostic, Result
from cleandoc.pipeline import clean
from cleandoc.records import clean_batch, clean_records

__version__ = "0.1.0"
__all__ = [
    "Change",
    "Config",
    "ConfigError",
    "Diagnostic",
    "Result",
    "__version__",
    "clean",
    "clean_batch",
    "clean_records",
    "load_config",
]
