"""Reading articles from files: UTF-8 text (with or without BOM) and Word .docx.

python-docx is not a dependency of the project, so a .docx is read as what it is: a zip
file whose word/document.xml holds the paragraphs.
"""

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A news article is a few kilobytes; refuse anything that would unpack to something absurd.
MAX_DOCUMENT_XML = 50 * 1024 * 1024


class UnreadableFile(Exception):
    pass


def read_article(path: Path | str) -> str:
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as error:
        raise _unreadable(error) from None
    return article_from_bytes(content, path.name)


def article_from_bytes(content: bytes, name: str) -> str:
    """The text of a file's content; `name` tells a Word .docx from text."""
    try:
        if Path(name).suffix.lower() == ".docx":
            return _read_docx(content)
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except (OSError, zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise _unreadable(error) from None


def _unreadable(error: Exception) -> UnreadableFile:
    return UnreadableFile(error.strerror if isinstance(error, OSError) and error.strerror else str(error))


def _read_docx(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_DOCUMENT_XML:
            raise UnreadableFile("word/document.xml is too large")
        root = ElementTree.fromstring(archive.read(info))
    return "\n".join(_paragraph_text(paragraph) for paragraph in root.iter(f"{_WORD}p"))


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{_WORD}t":
            parts.append(node.text or "")
        elif node.tag == f"{_WORD}tab":
            parts.append("\t")
        elif node.tag in (f"{_WORD}br", f"{_WORD}cr"):
            parts.append("\n")
    return "".join(parts)
