"""Reading inputs losslessly, writing outputs atomically, and the record."""

from .encoding import InputError, decode, encode, read_document
from .files import atomic_write
from .record import Record, read_record, record_entry

__all__ = ["InputError", "Record", "atomic_write", "decode", "encode", "read_document", "read_record", "record_entry"]
