"""Text preprocessing under R keras' names, the classic tokenizer that Keras 3 dropped included.

- The tokenizer: ``text_tokenizer``, ``fit_text_tokenizer``, ``texts_to_sequences``
  (``texts_to_sequences_generator``), ``texts_to_matrix``, ``sequences_to_matrix``,
  ``save_text_tokenizer`` / ``load_text_tokenizer`` (Keras' JSON, read as untrusted
  input); :class:`TextTokenizer` also has Keras' methods (``sequences_to_texts``, ...).
- Words: ``text_to_word_sequence``, ``text_one_hot``, ``text_hashing_trick``.
- Word2vec pairs: ``skipgrams``, ``make_sampling_table``.
- Files: ``text_dataset_from_directory``.

Example:

>>> tokenizer = text_tokenizer(num_words=10000) >> fit_text_tokenizer(texts)
>>> x = texts_to_sequences(tokenizer, texts) >> pad_sequences(maxlen=100)
"""

from kernelkeras.text._directory import text_dataset_from_directory
from kernelkeras.text._saving import load_text_tokenizer, save_text_tokenizer
from kernelkeras.text._skipgrams import Skipgrams, make_sampling_table, skipgrams
from kernelkeras.text._tokenizer import TextTokenizer
from kernelkeras.text._verbs import (
    fit_text_tokenizer,
    sequences_to_matrix,
    text_tokenizer,
    texts_to_matrix,
    texts_to_sequences,
    texts_to_sequences_generator,
)
from kernelkeras.text._words import text_hashing_trick, text_one_hot, text_to_word_sequence

__all__ = [
    "Skipgrams",
    "TextTokenizer",
    "fit_text_tokenizer",
    "load_text_tokenizer",
    "make_sampling_table",
    "save_text_tokenizer",
    "sequences_to_matrix",
    "skipgrams",
    "text_dataset_from_directory",
    "text_hashing_trick",
    "text_one_hot",
    "text_to_word_sequence",
    "text_tokenizer",
    "texts_to_matrix",
    "texts_to_sequences",
    "texts_to_sequences_generator",
]
