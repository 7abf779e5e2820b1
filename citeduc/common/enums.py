from django.db import models


class AgeBand(models.TextChoices):
    """citeduc's age bands (glossary; not a national standard), bounds in whole years."""

    B0_2 = "0-2", "0 à 2 ans"
    B3_5 = "3-5", "3 à 5 ans"
    B6_10 = "6-10", "6 à 10 ans"
    B11_14 = "11-14", "11 à 14 ans"
    B15_17 = "15-17", "15 à 17 ans"
    B18_25 = "18-25", "18 à 25 ans"

    @property
    def bounds(self) -> tuple[int, int]:
        low, high = self.value.split("-")
        return int(low), int(high)

    def overlaps(self, age_min: int | None, age_max: int | None) -> bool:
        """Whether an age range in years (open where None) reaches into this band."""
        low, high = self.bounds
        return (age_min is None or age_min <= high) and (age_max is None or age_max >= low)

    @classmethod
    def covering(cls, age_min: int | None, age_max: int | None) -> list["AgeBand"]:
        return [band for band in cls if band.overlaps(age_min, age_max)]
