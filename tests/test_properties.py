"""Invariants: paging loses and repeats nothing; prices are never below cost and never a unit too high."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from bot.shop.pricing import PriceList, quantum
from bot.store import StoredService
from bot.telegram.i18n import CATALOGS
from bot.telegram.paging import paginate


@given(st.lists(st.integers(), max_size=200), st.integers(1, 20), st.integers(-5, 50))
def test_pages_cover_the_list_exactly(items, size, asked):
    pages = [paginate(items, n, size) for n in range(paginate(items, 0, size).count)]
    assert [x for page in pages for x in page.items] == items
    assert all(len(page.items) <= size for page in pages)
    page = paginate(items, asked, size)
    assert 0 <= page.number < page.count, "a stale page number lands on a real page"
    assert page.has_next == (page.number < page.count - 1)


def _service(rate: Decimal, type_: str = "Default", fixed: Decimal | None = None) -> StoredService:
    return StoredService(
        "1", 1, "c", "s", None, type_, type_, rate, 1, 10**9, False, False, False, True, True, None, fixed, None
    )


rates = st.decimals(min_value=Decimal("0.00001"), max_value=Decimal("1000000"), places=5)


@given(rates, st.integers(1, 10**7), st.decimals(min_value=0, max_value=500, places=2), st.sampled_from(["VND", "USD"]))
def test_price_is_rounded_up_to_the_smallest_unit(rate, units, markup, currency):
    prices = PriceList(markup_percent=markup, currency=currency)
    price = prices.price(_service(rate), units)
    exact = rate * units / 1000 * (1 + markup / 100)
    assert price >= exact, "never undercharge"
    assert price - exact < quantum(currency), "never more than one smallest unit above"
    assert price == price.quantize(quantum(currency))
    assert price >= prices.cost(_service(rate), units), "a non-negative markup never sells below cost"


def test_price_examples():
    prices = PriceList(markup_percent=Decimal(30), currency="VND")
    assert prices.price(_service(Decimal("2.5")), 1000) == Decimal(4)  # 3.25 → 4
    assert prices.per_thousand(
        _service(Decimal("12000")),
    ) == Decimal(15600)
    assert prices.price(_service(Decimal("150000"), "Package"), 1) == Decimal(195000)
    assert prices.price(_service(Decimal("150000"), fixed=Decimal("99999")), 1000) == Decimal(99999)
    per_unit = PriceList(markup_percent=Decimal(0), rate_per=1, currency="USD")
    assert per_unit.per_thousand(_service(Decimal("0.001"))) == Decimal("1.00")


def test_both_languages_have_the_same_texts_and_placeholders():
    import string

    def fields(text):
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    en, vi = CATALOGS["en"], CATALOGS["vi"]
    assert en.keys() == vi.keys()
    for key in en:
        assert fields(en[key]) == fields(vi[key]), key
