from linkage.compare import date_levels


def test_date_levels_by_case():
    a = ["1985-03-02", "1985-03-02", "1985-03-02", "1985-03-31", "1985-03-02", "1985-07-20",
         "1985-03-02", None, "1985", "1985-03"]
    b = ["1985-03-02", "1985-02-03", "1985-03-07", "1985-04-01", "1985-11-12", "1990-01-01",
         "1986-12-30", "1985-03-02", "1985-03-02", "1985-03-20"]
    assert date_levels(a, b).tolist() == [3, 2, 2, 2, 1, 0, 0, -1, 1, 1]


def test_date_one_day_apart_across_year_end_is_level_2():
    assert date_levels(["1985-12-31"], ["1986-01-01"]).tolist() == [2]


def test_near_days_bands_replace_same_year():
    left = ["1985-03-02", "1985-03-02", "1985-03-02", "1985-03-02", "1985-03-02", "1985-03-02"]
    right = ["1985-03-02", "1985-02-03", "1985-03-25", "1985-12-31", "1979-06-01", "1960-01-01"]
    assert date_levels(left, right, near_days=[31, 366, 3653]).tolist() == [5, 4, 3, 2, 1, 0]
    # Without bands: same year is level 1, a different decade 0.
    assert date_levels(left, right).tolist() == [3, 2, 1, 1, 0, 0]
