"""The extractor keeps its measured quality on the labelled articles (see articles/README.md)."""

from .scoring import labelled, score_all


def test_the_labelled_set_has_eight_written_articles_and_the_seed() -> None:
    names = [name for name, _text, _labels in labelled()]
    assert "00-seed" in names
    assert len(names) >= 9
    assert all(labels["numbers"] and labels["quotes"] for _n, _t, labels in labelled())


def test_recall_precision_and_attribution_stay_above_the_targets() -> None:
    total, _each = score_all()
    misses = "\n".join(total.misses)
    assert total.number_recall >= 0.95, misses
    assert total.number_precision >= 0.90, misses
    assert total.quote_recall >= 0.95, misses
    assert total.attribution >= 0.85, misses


def test_the_seed_article_is_drafted_without_a_miss() -> None:
    _total, each = score_all()
    seed = each["00-seed"]
    assert (seed.numbers_right, seed.numbers_found, seed.quotes_right, seed.speakers_right) == (
        seed.numbers_expected, seed.numbers_expected, seed.quotes_expected, seed.quotes_expected)
