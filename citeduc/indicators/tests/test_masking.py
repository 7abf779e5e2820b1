"""R-EVAL-3 on crafted tables: primary masking, secondary masking, exemptions, totals."""

from itertools import product

from citeduc.indicators.masking import MaskedGrid, Masking, mask_grid, mask_value, suppress


def recover(grid: MaskedGrid) -> dict[tuple[int, int], int]:
    """What a reader can compute back: every masked cell alone in its row or column with a
    readable total. Repeated until nothing more comes out (an attacker would do the same)."""
    n, m = len(grid.rows), len(grid.columns)
    known: dict[tuple[int, int], int | None] = {}
    for i, j in product(range(n + 1), range(m + 1)):
        if i < n and j < m:
            shown = grid.cells[i][j]
        elif i < n:
            shown = grid.row_totals[i]
        elif j < m:
            shown = grid.column_totals[j]
        else:
            shown = grid.total
        known[(i, j)] = None if shown.is_masked else shown.value
    lines = [[(i, j) for j in range(m + 1)] for i in range(n + 1)]
    lines += [[(i, j) for i in range(n + 1)] for j in range(m + 1)]
    recovered: dict[tuple[int, int], int] = {}
    progress = True
    while progress:
        progress = False
        for line in lines:
            unknown = [key for key in line if known[key] is None]
            if len(unknown) != 1:
                continue
            *inner, total = line
            key = unknown[0]
            if key == total:
                value = sum(known[k] or 0 for k in inner)
            else:
                value = (known[total] or 0) - sum(known[k] or 0 for k in inner if k != key)
            known[key] = value
            recovered[key] = value
            progress = True
    return recovered


def small_cells_revealed(grid: MaskedGrid, counts: list[list[int]], limit: int) -> list:
    revealed = recover(grid)
    return [
        key
        for key, value in revealed.items()
        if key[0] < len(counts) and key[1] < len(counts[0]) and 0 < value < limit
    ]


def test_a_count_under_eleven_shows_as_under_eleven_and_zero_shows() -> None:
    assert mask_value(7, limit=11).text == "< 11"
    assert mask_value(7, limit=11).export() == "< 11"
    assert mask_value(0, limit=11).text == "0"
    assert mask_value(11, limit=11).text == "11"
    assert mask_value(10, limit=11, exact=True).text == "10"


def test_a_table_without_small_counts_is_left_whole() -> None:
    grid = mask_grid(["A", "B"], ["F", "G"], [[40, 35], [12, 18]], limit=11)
    assert grid.masked_count == 0
    assert grid.total.text == "105"


def test_a_lone_small_cell_gets_a_second_cell_masked_in_its_row_and_column() -> None:
    counts = [[40, 3], [25, 30]]
    grid = mask_grid(["Planoise", "Clairs-Soleils"], ["Filles", "Garçons"], counts, limit=11)
    assert grid.cells[0][1].masking == Masking.PRIMARY
    assert grid.cells[0][1].text == "< 11"
    # Row 0 (40, 3, total 43) and column 1 (3, 30, total 33) each need a second masked entry.
    masked = {
        (i, j)
        for i, j in product(range(2), range(2))
        if grid.cells[i][j].is_masked and grid.cells[i][j].masking == Masking.SECONDARY
    }
    assert masked, "sans masquage secondaire, le total de la ligne révélerait la case"
    assert small_cells_revealed(grid, counts, 11) == []


def test_only_secondary_masking_protects_the_cell() -> None:
    """Primary masking alone leaves the 4 computable from the row total (50 − 46)."""
    counts = [[46, 4], [60, 70]]
    primary_only = suppress(
        {(0, 0): 46, (0, 1): 4, (0, 2): 50, (1, 0): 60, (1, 1): 70, (1, 2): 130},
        [],
        limit=11,
    )
    assert primary_only == {(0, 1): Masking.PRIMARY}
    # What primary masking alone would leave on the page:
    assert 50 - 46 == 4
    grid = mask_grid(["Q1", "Q2"], ["F", "G"], counts, limit=11)
    assert small_cells_revealed(grid, counts, 11) == []
    secondary = [s for row in grid.cells for s in row if s.masking == Masking.SECONDARY]
    assert secondary, "la case n'est protégée que par le masquage secondaire"
    assert all(s.text == "secret" for s in secondary)


def test_the_smallest_cell_is_chosen_as_secondary_and_inner_cells_before_totals() -> None:
    values = {"a": 5, "b": 40, "c": 15, "total": 60}
    masked = suppress(values, [["a", "b", "c", "total"]], limit=11, totals={"total"})
    assert masked == {"a": Masking.PRIMARY, "c": Masking.SECONDARY}


def test_secondary_masking_spreads_until_no_line_holds_a_single_masked_entry() -> None:
    counts = [[3, 50, 60], [20, 2, 45], [30, 40, 9], [70, 80, 90]]
    grid = mask_grid(["A", "B", "C", "D"], ["x", "y", "z"], counts, limit=11)
    assert small_cells_revealed(grid, counts, 11) == []
    n, m = 4, 3
    entries = {}
    for i in range(n):
        for j in range(m):
            entries[(i, j)] = grid.cells[i][j]
        entries[(i, m)] = grid.row_totals[i]
    for j in range(m):
        entries[(n, j)] = grid.column_totals[j]
    entries[(n, m)] = grid.total
    for i in range(n + 1):
        assert sum(entries[(i, j)].is_masked for j in range(m + 1)) != 1
    for j in range(m + 1):
        assert sum(entries[(i, j)].is_masked for i in range(n + 1)) != 1


def test_a_small_total_is_masked_with_its_cells() -> None:
    counts = [[2, 3], [50, 60]]
    grid = mask_grid(["petit QPV", "grand QPV"], ["F", "G"], counts, limit=11)
    assert grid.row_totals[0].text == "< 11"
    assert small_cells_revealed(grid, counts, 11) == []


def test_the_viewers_own_row_is_exact_and_others_stay_protected() -> None:
    counts = [[4, 60], [5, 70], [80, 90]]
    grid = mask_grid(
        ["Besançon", "Autre", "Troisième"], ["F", "G"], counts, exempt_rows=["Besançon"], limit=11
    )
    assert grid.cells[0][0].text == "4" and not grid.row_totals[0].is_masked
    assert grid.cells[1][0].text == "< 11"
    # The viewer knows row 0; with it, nothing small of the other rows may come back.
    assert [key for key in small_cells_revealed(grid, counts, 11) if key[0] != 0] == []


def test_exact_view_masks_nothing() -> None:
    grid = mask_grid(["A"], ["F", "G"], [[1, 2]], exact=True, limit=11)
    assert grid.masked_count == 0
    assert [s.text for s in grid.cells[0]] == ["1", "2"]


def test_threshold_comes_from_the_setting(settings) -> None:
    settings.CITEDUC_MASKING_THRESHOLD = 5
    assert mask_value(4).text == "< 5"
    assert mask_value(5).text == "5"
