"""Real texts, as R's lstm_text_generation and babi examples use them: Nietzsche's text
and the bAbI tasks (read from the shared data folder, never copied into the project)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from kernelkeras.preprocessing import pad_sequences
from kernelkeras.text import (
    fit_text_tokenizer,
    text_tokenizer,
    texts_to_matrix,
    texts_to_sequences,
)
from tests.conftest import SHARED_DATA
from tests.unit.text._reference import assert_same_state, legacy_tokenizer

NIETZSCHE = SHARED_DATA / "nietzsche.txt"
BABI = SHARED_DATA / "babi"


@pytest.fixture(scope="module")
def nietzsche() -> str:
    assert NIETZSCHE.is_file(), f"the shared data file {NIETZSCHE} is missing"
    text = NIETZSCHE.read_text(encoding="utf-8")
    assert len(text) == 600_893  # as the data folder's README records
    return text


def test_characters_of_nietzsche(nietzsche):
    # lstm_text_generation: chars <- text %>% unique() %>% sort()
    tokenizer = text_tokenizer(char_level=True) >> fit_text_tokenizer(nietzsche)
    assert tokenizer.document_count == 1  # one string is one text
    assert set(tokenizer.word_index) == set(nietzsche)
    assert len(tokenizer.word_index) == len(set(nietzsche))
    assert tokenizer.word_counts["e"] == nietzsche.count("e")
    assert max(tokenizer.word_counts, key=tokenizer.word_counts.get) == " "
    assert_same_state(tokenizer, legacy_tokenizer([nietzsche], char_level=True))
    (sequence,) = texts_to_sequences(tokenizer, nietzsche)
    assert len(sequence) == len(nietzsche)
    assert "".join(tokenizer.index_word[i] for i in sequence[:2000]) == nietzsche[:2000]
    # semi-redundant sequences of 40 characters, every 3, then one-hot (the example's X)
    windows = [sequence[i : i + 40] for i in range(0, 3000, 3)]
    onehot = np.eye(len(tokenizer.word_index) + 1)[np.array(windows)]
    assert onehot.shape == (1000, 40, len(tokenizer.word_index) + 1)
    assert onehot[:, :, 0].sum() == 0 and onehot.sum() == 40_000


def test_words_of_nietzsche_match_keras(nietzsche):
    lines = nietzsche.split("\n")
    started = time.perf_counter()
    tokenizer = text_tokenizer(num_words=2000, oov_token="<unk>") >> fit_text_tokenizer(lines)
    fit_seconds = time.perf_counter() - started
    theirs = legacy_tokenizer(lines, num_words=2000, oov_token="<unk>")
    assert_same_state(tokenizer, theirs)
    assert tokenizer.document_count == len(lines) and len(tokenizer.word_index) > 10_000
    assert tokenizer.word_index["<unk>"] == 1 and tokenizer.word_index["the"] == 2
    assert texts_to_sequences(tokenizer, lines) == theirs.texts_to_sequences(lines)
    sample = lines[:500]
    for mode in ("binary", "count", "tfidf", "freq"):
        np.testing.assert_allclose(
            texts_to_matrix(tokenizer, sample, mode=mode),
            theirs.texts_to_matrix(sample, mode=mode),
            rtol=1e-12,
        )
    assert fit_seconds < 10, f"fitting {len(lines):,} lines took {fit_seconds:.1f} s"


def parse_babi(path):
    """(story, question, answer) triples as the Keras babi examples build them."""
    triples, story = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        number, _, line = line.partition(" ")
        if number == "1":
            story = []
        if "\t" in line:
            question, answer, _ = line.split("\t")
            triples.append((" ".join(story), question.strip(), answer))
        else:
            story.append(line)
    return triples


@pytest.mark.parametrize("task", ["qa1_single-supporting-fact", "qa2_two-supporting-facts"])
def test_babi_stories_to_padded_sequences(task):
    train = parse_babi(BABI / f"{task}_train.txt")
    test = parse_babi(BABI / f"{task}_test.txt")
    assert (len(train), len(test)) == (10_000, 1_000)
    everything = [t for triple in train + test for t in triple]
    tokenizer = text_tokenizer() >> fit_text_tokenizer(everything)
    theirs = legacy_tokenizer(everything)
    assert_same_state(tokenizer, theirs)
    if task.startswith("qa1"):  # 4 people, 6 places, 'where is', 'moved/went/...', 'to the'
        assert len(tokenizer.word_index) == 19
    stories = texts_to_sequences(tokenizer, [s for s, _, _ in train])
    questions = texts_to_sequences(tokenizer, [q for _, q, _ in train])
    story_maxlen = max(map(len, stories))
    query_maxlen = max(map(len, questions))
    # R: stories = pad_sequences(stories, maxlen = story_maxlen)
    x_story = pad_sequences(stories, maxlen=story_maxlen)
    x_query = questions >> pad_sequences(maxlen=query_maxlen)
    assert stories == theirs.texts_to_sequences([s for s, _, _ in train])
    by_hand = [[0] * (story_maxlen - len(s)) + s for s in stories]  # pre-padding with 0
    assert x_story.tolist() == by_hand
    assert x_story.dtype == np.int32 and x_query.shape == (10_000, query_maxlen)
    assert (x_story[:, -1] > 0).all()  # pre-padding: every story ends with a word
    answers = [tokenizer.word_index[a] for _, _, a in train]
    places = {"bathroom", "bedroom", "garden", "hallway", "kitchen", "office"}
    assert {tokenizer.index_word[i] for i in answers} <= places
