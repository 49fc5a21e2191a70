"""A tokenizer as JSON, in Keras' own layout, read as untrusted input.

The JSON is what Keras' ``Tokenizer.to_json()`` writes (``{"class_name": "Tokenizer",
"config": {...}}``, the five maps as JSON text inside it), so files go both ways between
kernelkeras and Python Keras' ``tokenizer_from_json``. Reading runs no code (R keras'
``save_text_tokenizer`` wrote Python pickles, which are refused with the way to convert
them) and checks every field before a tokenizer is built: the settings' types and ranges,
each map's keys and values, that ``index_word`` is ``word_index`` reversed, that
``word_docs`` counts only counted words, and that an ``oov_token`` has its index. Each
refusal is a ``ValueError`` naming the file (or JSON) and the field.

Example:

>>> fields = read_fields(TextTokenizer().fit_on_texts(["a b"]).to_json(), "the JSON")
>>> fields.maps["word_index"]
{'a': 1, 'b': 2}
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from kernelkeras._text import shown

#: A tokenizer file may be at most this large (a million-word vocabulary is about 100 MB).
MAX_BYTES = 512 * 2**20
_MAPS = ("word_counts", "word_docs", "index_docs", "index_word", "word_index")
_SETTINGS = ("num_words", "filters", "lower", "split", "char_level", "oov_token", "document_count")
_BIGGEST = 2**63 - 1


class Fields(NamedTuple):
    """A checked tokenizer: constructor ``settings`` and the five ``maps``."""

    settings: dict[str, Any]
    maps: dict[str, dict[Any, Any]]


def config_of(tokenizer: Any) -> dict[str, Any]:
    """Keras' ``Tokenizer.get_config()`` of ``tokenizer``: settings, and the maps as JSON text."""
    config = {name: getattr(tokenizer, name) for name in _SETTINGS}
    for name in _MAPS:
        config[name] = json.dumps(getattr(tokenizer, name))
    return config


def json_of(tokenizer: Any, **kwargs: Any) -> str:
    """Keras' ``Tokenizer.to_json()`` of ``tokenizer``."""
    return json.dumps({"class_name": "Tokenizer", "config": config_of(tokenizer)}, **kwargs)


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    return names.get(type(value), "null" if value is None else f"the number {shown(value)}")


def _parse(text: str, where: str, field: str = "") -> Any:
    what = f"{field} is" if field else "it is"
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(
            f"{where}: {what} not JSON: {err.msg} (line {err.lineno}, column {err.colno})."
        ) from None
    except RecursionError:
        raise ValueError(f"{where}: {what} JSON nested too deeply to be a tokenizer.") from None
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        raise ValueError(
            f"{where}: {what} JSON a tokenizer cannot hold ({shown(str(err))})."
        ) from None


def _count(value: Any, where: str, field: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= _BIGGEST:
        raise ValueError(f"{where}: {field} holds {_kind(value)}, not a whole number from {low}.")
    return value


def _setting(config: dict[str, Any], name: str, where: str) -> Any:
    field = f'"config.{name}"'
    value = config[name]
    if name == "num_words":
        return None if value is None else _count(value, where, field, 1)
    if name == "document_count":
        return _count(value, where, field, 0)
    if name in ("lower", "char_level"):
        if not isinstance(value, bool):
            raise ValueError(f"{where}: {field} holds {_kind(value)}, not true or false.")
        return value
    if name == "oov_token" and value is None:
        return None
    if not isinstance(value, str) or (name == "split" and not value):
        wanted = "a non-empty string" if name == "split" else "a string"
        raise ValueError(f"{where}: {field} holds {_kind(value)}, not {wanted}.")
    return value


def _map(config: dict[str, Any], name: str, where: str) -> dict[Any, Any]:
    field = f'"config.{name}"'
    raw = config[name]
    found = _parse(raw, where, field) if isinstance(raw, str) else raw
    if not isinstance(found, dict):
        raise ValueError(f"{where}: {field} holds {_kind(found)}, not an object (as JSON text).")
    by_index = name in ("index_docs", "index_word")
    result: dict[Any, Any] = {}
    for key, value in found.items():
        entry = f"{field}[{shown(key, 60)}]"
        if by_index:
            if not (key.isascii() and key.isdigit() and len(key) < 19):
                raise ValueError(
                    f"{where}: {field} has the key {shown(key, 60)}, not a word index (0, 1, 2, …)."
                )
            key = int(key)
        if name == "index_word":
            if not isinstance(value, str):
                raise ValueError(f"{where}: {entry} holds {_kind(value)}, not a word (a string).")
            result[key] = value
        else:
            result[key] = _count(value, where, entry, 1 if name == "word_index" else 0)
    return result


def read_fields(text: str, where: str) -> Fields:
    """The checked content of a tokenizer's JSON; ``where`` names it in messages."""
    document = _parse(text, where)
    if not isinstance(document, dict) or not isinstance(document.get("config"), dict):
        raise ValueError(
            f'{where}: it holds {_kind(document)} without a "config" object; a tokenizer\'s '
            'JSON is {"class_name": "Tokenizer", "config": {...}} (tokenizer.to_json()).'
        )
    if document.get("class_name", "Tokenizer") != "Tokenizer":
        raise ValueError(
            f'{where}: its "class_name" is {shown(document["class_name"])}, not "Tokenizer".'
        )
    config = document["config"]
    unknown = sorted(set(config) - set(_SETTINGS) - set(_MAPS))
    if unknown:
        raise ValueError(f'{where}: "config" has fields a tokenizer does not: {shown(unknown)}.')
    missing = [name for name in _MAPS if name not in config]
    if missing:
        raise ValueError(f'{where}: "config" lacks {", ".join(missing)}.')
    settings = {name: _setting(config, name, where) for name in _SETTINGS if name in config}
    maps = {name: _map(config, name, where) for name in _MAPS}
    word_index, index_word = maps["word_index"], maps["index_word"]
    if len(set(word_index.values())) != len(word_index):
        raise ValueError(f'{where}: "config.word_index" gives two words the same index.')
    if index_word != {index: word for word, index in word_index.items()}:
        raise ValueError(f'{where}: "config.index_word" is not "config.word_index" reversed.')
    stray = next((w for w in maps["word_docs"] if w not in maps["word_counts"]), None)
    if stray is not None:
        raise ValueError(
            f'{where}: "config.word_docs" counts {shown(stray, 60)}, which '
            '"config.word_counts" does not.'
        )
    oov = settings.get("oov_token")
    if oov is not None and word_index and oov not in word_index:
        raise ValueError(
            f'{where}: the oov_token {shown(oov, 60)} has no index in "config.word_index".'
        )
    return Fields(settings, maps)
