"""The classic Keras text tokenizer, which Keras 3 no longer has: :class:`TextTokenizer`.

Its semantics are those of ``keras_preprocessing.text.Tokenizer`` (1.1.2, the last; what
R keras' ``text_tokenizer`` wraps):

- fitting on texts counts each word (``word_counts``, in order of first appearance) and
  the documents holding it (``word_docs``), adds to ``document_count``, then ranks every
  word by count, most frequent first, ties in order of first appearance (a stable sort):
  ``word_index`` maps words to ranks from 1 (0 is never a word: it is padding), and an
  ``oov_token`` takes rank 1 ahead of them; ``index_word`` is the reverse, ``index_docs``
  the document counts by index;
- fitting on sequences adds to ``document_count`` and counts each index's documents in
  ``index_docs`` (for ``tfidf``);
- ``num_words`` keeps indices below it (the ``num_words - 1`` most frequent words) when
  texts become sequences or matrices; the others are dropped, or become the
  ``oov_token``'s index where one is set;
- ``char_level=True`` takes each character (after ``lower``) as a token, filters unused.

Unlike the Keras class, one string is one text (as R keras passes it), a failed fit
leaves the tokenizer unchanged, a tokenizer that holds no words refuses to turn texts
into sequences instead of giving empty ones, and a loaded tokenizer can be fit further.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np

from kernelkeras._text import shown
from kernelkeras.preprocessing import flag, whole
from kernelkeras.text._file import config_of, json_of, read_fields
from kernelkeras.text._inputs import Text, sequences_of, texts_of
from kernelkeras.text._matrix import MODES, to_matrix
from kernelkeras.text._words import DEFAULT_FILTERS, check_filters, check_split, words


class TextTokenizer:
    """Turns texts into sequences of word indices, or into matrices (R's ``text_tokenizer``).

    Args:
        num_words: keep the ``num_words - 1`` most frequent words (indices below
            ``num_words``); None keeps all.
        filters: characters removed from texts (punctuation, tab, newline by default).
        lower: whether to lower-case texts.
        split: the string between words.
        char_level: whether every character is a token.
        oov_token: a token (e.g. ``"<unk>"``) that stands for words not kept; index 1.
        document_count: the number of documents already counted (used by loading).

    Example:

    >>> tokenizer = TextTokenizer().fit_on_texts(["the cat sat", "the dog"])
    >>> tokenizer.word_index
    {'the': 1, 'cat': 2, 'sat': 3, 'dog': 4}
    >>> tokenizer.texts_to_sequences(["the dog sat"])
    [[1, 4, 3]]
    """

    def __init__(
        self,
        num_words: int | None = None,
        filters: str = DEFAULT_FILTERS,
        lower: bool = True,
        split: str = " ",
        char_level: bool = False,
        oov_token: str | None = None,
        document_count: int = 0,
    ):
        fn = "text_tokenizer"
        self.num_words: int | None = whole(num_words, "num_words", fn, minimum=1, none=True)
        self.filters = check_filters(filters, fn)
        self.lower = flag(lower, "lower", fn)
        self.split = check_split(split, fn)
        self.char_level = flag(char_level, "char_level", fn)
        if oov_token is not None and not isinstance(oov_token, str):
            raise TypeError(
                f"{fn}(): oov_token must be a string such as '<unk>' or None, got "
                f"{type(oov_token).__name__} {shown(oov_token)}."
            )
        self.oov_token = oov_token
        self.document_count: int = whole(document_count, "document_count", fn, minimum=0)
        self.word_counts: dict[str, int] = {}
        self.word_docs: dict[str, int] = {}
        self.index_docs: dict[int, int] = {}
        self.word_index: dict[str, int] = {}
        self.index_word: dict[int, str] = {}

    # -- texts to tokens --------------------------------------------------------------

    def tokens(self, text: Text) -> list[str]:
        """The tokens of one text (a string, or a list of tokens), as fitting sees them."""
        if isinstance(text, list):
            return [t.lower() for t in text] if self.lower else list(text)
        if self.char_level:
            return list(text.lower() if self.lower else text)
        return words(text, self.filters, self.lower, self.split)

    # -- fitting ----------------------------------------------------------------------

    def fit_on_texts(self, texts: Any) -> TextTokenizer:
        """Counts the words of ``texts`` and ranks the vocabulary again; returns the tokenizer.

        ``texts``: strings (one string is one text), lists of tokens, or a generator of
        either. Nothing changes if a text is refused.
        """
        counts = Counter(self.word_counts)
        docs = Counter(self.word_docs)
        documents = self.document_count
        for text in texts_of(texts, "fit_text_tokenizer"):
            tokens = self.tokens(text)
            documents += 1
            counts.update(tokens)
            docs.update(dict.fromkeys(tokens).keys())
        ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)  # stable
        vocabulary = [] if self.oov_token is None else [self.oov_token]
        vocabulary.extend(word for word, _ in ranked)
        word_index = dict(zip(vocabulary, range(1, len(vocabulary) + 1), strict=True))
        index_docs = dict(self.index_docs)
        for word, count in docs.items():
            index_docs[word_index[word]] = count
        self.word_counts, self.word_docs = dict(counts), dict(docs)
        self.document_count = documents
        self.word_index = word_index
        self.index_word = {index: word for word, index in word_index.items()}
        self.index_docs = index_docs
        return self

    def fit_on_sequences(self, sequences: Any) -> TextTokenizer:
        """Counts the documents of each word index (for ``tfidf``); returns the tokenizer."""
        rows = sequences_of(sequences, "fit_text_tokenizer")
        index_docs = Counter(self.index_docs)
        for row in rows:
            index_docs.update(set(row))
        self.index_docs = dict(index_docs)
        self.document_count += len(rows)
        return self

    # -- texts to sequences and back --------------------------------------------------

    def _require_words(self, fn: str) -> None:
        if not self.word_index:
            raise ValueError(
                f"{fn}(): the tokenizer holds no words yet. Fit it on texts first: "
                "tokenizer >> fit_text_tokenizer(texts)."
            )

    def texts_to_sequences_generator(self, texts: Any) -> Iterator[list[int]]:
        """Each text as a list of word indices, one at a time (see :meth:`texts_to_sequences`)."""
        self._require_words("texts_to_sequences")
        limit = self.num_words
        oov = self.word_index.get(self.oov_token) if self.oov_token is not None else None
        for text in texts_of(texts, "texts_to_sequences"):
            sequence = []
            for word in self.tokens(text):
                index = self.word_index.get(word)
                if index is not None and not (limit and index >= limit):
                    sequence.append(index)
                elif oov is not None:
                    sequence.append(oov)
            yield sequence

    def texts_to_sequences(self, texts: Any) -> list[list[int]]:
        """Each text as a list of word indices.

        Words not in the vocabulary, or ranked ``num_words`` or later, are dropped, or
        become the ``oov_token``'s index (1) where one is set.
        """
        return list(self.texts_to_sequences_generator(texts))

    def sequences_to_texts_generator(self, sequences: Any) -> Iterator[str]:
        """Each sequence as a text, one at a time (see :meth:`sequences_to_texts`)."""
        self._require_words("sequences_to_texts")
        limit = self.num_words
        oov = self.word_index.get(self.oov_token) if self.oov_token is not None else None
        oov_word = self.index_word.get(oov) if oov is not None else None
        for row in sequences_of(sequences, "sequences_to_texts"):
            kept = []
            for index in row:
                word = self.index_word.get(index)
                if word is not None and not (limit and index >= limit):
                    kept.append(word)
                elif oov_word is not None:
                    kept.append(oov_word)
            yield " ".join(kept)

    def sequences_to_texts(self, sequences: Any) -> list[str]:
        """Each sequence of indices as its words joined by spaces (unknown indices dropped,
        or the ``oov_token``)."""
        return list(self.sequences_to_texts_generator(sequences))

    # -- matrices ---------------------------------------------------------------------

    def sequences_to_matrix(self, sequences: Any, mode: str = "binary") -> np.ndarray:
        """One row per sequence, one column per word index (``binary``, ``count``, ``tfidf``
        or ``freq``); see :func:`~kernelkeras.text._matrix.to_matrix`."""
        return to_matrix(self, sequences_of(sequences, "sequences_to_matrix"), mode)

    def texts_to_matrix(self, texts: Any, mode: str = "binary") -> np.ndarray:
        """:meth:`texts_to_sequences`, then :meth:`sequences_to_matrix`."""
        if mode not in MODES:
            to_matrix(self, [], mode)  # raises the message for a wrong mode
        return to_matrix(self, self.texts_to_sequences(texts), mode)

    # -- files ------------------------------------------------------------------------

    def get_config(self) -> dict[str, Any]:
        """The tokenizer as Keras' ``Tokenizer.get_config()`` gives it (maps as JSON text)."""
        return config_of(self)

    def to_json(self, **kwargs: Any) -> str:
        """JSON that Keras' ``tokenizer_from_json`` and :func:`load_text_tokenizer` read."""
        return json_of(self, **kwargs)

    @classmethod
    def from_json(cls, text: str, *, source: str = "") -> TextTokenizer:
        """A tokenizer from :meth:`to_json`'s JSON (or Keras'); every field is checked first.

        ``source`` names the JSON in error messages.
        """
        fields = read_fields(text, source or "TextTokenizer.from_json(): the JSON")
        tokenizer = cls(**fields.settings)
        for name, value in fields.maps.items():
            setattr(tokenizer, name, value)
        return tokenizer

    def __repr__(self) -> str:
        settings = [f"num_words={self.num_words}"]
        if self.char_level:
            settings.append("char_level=True")
        if self.oov_token is not None:
            settings.append(f"oov_token={shown(self.oov_token, 40)}")
        return (
            f"<text_tokenizer: {len(self.word_counts):,} words from {self.document_count:,} "
            f"documents; {', '.join(settings)}>"
        )
