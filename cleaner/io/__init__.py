"""Reading inputs losslessly in every format, writing outputs crash-safely, and the record."""

from .encoding import InputError, decode, encode
from .files import atomic_write
from .formats import read_document
from .record import Record, read_record, record_entry

__all__ = ["InputError", "Record", "atomic_write", "decode", "encode", "read_document", "read_record", "record_entry"]
