"""Vietnamese on any console: stdout and stderr never fail on a legacy Windows code page.

Station PCs run Windows with output redirected to files or old consoles under cp1258
(Vietnamese) or cp1252/cp437 (Western). Python then encodes strictly and the first "ạ"
ends the command with a UnicodeEncodeError. An error handler fixes what the code page
cannot take, character by character:

- cp1258 has the base letters (a, â, ơ, ư, đ, ...) and the five tone marks as combining
  characters, but few precomposed toned letters: "ế" goes out as "ê" + combining acute,
  which any reader of cp1258 shows (and which NFC turns back into "ế");
- a code page that cannot show Vietnamese (cp1252 has "á" but no "ạ", cp437 no "ơ") gets
  every letter without its marks, the way Vietnamese is typed on a phone without them
  ("Đã phát gần đây" as "Da phat gan day"). Marks only where the code page happens to have
  them ("Dã phát gan dây") would read as other words, so the stream's encoding is wrapped
  in one that drops them all; never "?" and never a crash. Dashes, quotes and arrows get a
  plain form ("—" as "-").

UTF-8 streams are left alone.
"""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata
from collections.abc import Callable

_PREFIX = "broadcaster_vietnamese_"
_BARE_PREFIX = "broadcaster_bare_"
# Every Vietnamese letter: 12 vowels x 6 tones, and đ. A code page that carries all of them
# (through render) can show Vietnamese; one that cannot gets the letters without marks.
_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
VIETNAMESE_LETTERS = "đĐ" + "".join(
    unicodedata.normalize("NFC", vowel + tone)
    for vowel in _VOWELS + _VOWELS.upper()
    for tone in _TONES
)
_PLAIN = {
    "—": "-",
    "–": "-",
    "−": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "→": "->",
    "←": "<-",
    "≤": "<=",
    "≥": ">=",
    "×": "x",
    "•": "*",
    "·": ".",
    "…": "...",
}


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def render(char: str, encoding: str) -> str:
    """`char` as `encoding` can carry it: composed, decomposed, bare, or "?" at worst."""
    decomposed = unicodedata.normalize("NFD", char)
    # Compose each mark onto the letter where the code page has the composed letter (cp1258
    # has "ê" and "ư"), and keep the other marks as combining characters after it.
    letter, marks = decomposed[0], ""
    for mark in decomposed[1:]:
        composed = unicodedata.normalize("NFC", letter + mark)
        if len(composed) == 1 and _encodable(composed, encoding):
            letter = composed
        else:
            marks += mark
    piece = letter + marks
    if _encodable(piece, encoding):
        return piece
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("đ", "d").replace("Đ", "D")
    if _encodable(bare, encoding):
        return bare
    for plain in (_PLAIN.get(char, ""), unicodedata.normalize("NFKD", bare)):
        if plain and _encodable(plain, encoding):
            return plain
    return "?"


def strip_marks(text: str) -> str:
    """Vietnamese without its marks, case kept: "Đã phát" -> "Da phat"."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


def shows_vietnamese(encoding: str) -> bool:
    """Whether every Vietnamese letter survives `encoding` (composed or decomposed)."""
    for letter in VIETNAMESE_LETTERS:
        shown = render(letter, encoding)
        if unicodedata.normalize("NFC", shown) != letter:
            return False
    return True


def handler_for(encoding: str) -> str:
    """The name of the codecs error handler that writes Vietnamese into `encoding`."""
    name = _PREFIX + codecs.lookup(encoding).name
    try:
        codecs.lookup_error(name)
    except LookupError:
        codecs.register_error(name, _make_handler(encoding))
    return name


def _make_handler(encoding: str) -> Callable[[UnicodeError], tuple[str, int]]:
    # The handler must know the stream's code page: charmap codecs report "charmap".
    def handle(error: UnicodeError) -> tuple[str, int]:
        if not isinstance(error, UnicodeEncodeError):
            raise error
        text = error.object[error.start : error.end]
        return "".join(render(char, encoding) for char in text), error.end

    return handle


def bare_encoding(encoding: str) -> str:
    """The name of a codec that writes `encoding` with every Vietnamese mark dropped."""
    base = codecs.lookup(encoding)
    name = _BARE_PREFIX + base.name.replace("-", "_")

    class Encoder(codecs.IncrementalEncoder):
        def encode(self, text: str, final: bool = False) -> bytes:
            return base.encode(strip_marks(text), self.errors)[0]

    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        return base.encode(strip_marks(text), errors)[0], len(text)

    info = codecs.CodecInfo(
        name=name,
        encode=encode,
        decode=base.decode,
        incrementalencoder=Encoder,
        incrementaldecoder=base.incrementaldecoder,
    )
    try:
        codecs.lookup(name)
    except LookupError:
        codecs.register(lambda asked: info if asked == name else None)
    return name


def is_utf(encoding: str) -> bool:
    return codecs.lookup(encoding).name.startswith("utf")


def make_safe(stream: object) -> None:
    """Reconfigure a text stream so that no character can make a write fail."""
    if not isinstance(stream, io.TextIOWrapper) or is_utf(stream.encoding):
        return
    encoding = stream.encoding
    if not shows_vietnamese(encoding):
        stream.flush()
        stream.reconfigure(encoding=bare_encoding(encoding))
    stream.reconfigure(errors=handler_for(encoding))


def make_streams_safe() -> None:
    """At program start, before anything is written (click, loguru)."""
    make_safe(sys.stdout)
    make_safe(sys.stderr)
