from typing import Any

import pytest

from tests.support.grants import make_cycle
from tests.support.world import World


@pytest.fixture
def cycle(world: World) -> dict[str, Any]:
    """The own Cité with a P147 envelope of 10 000 € in 2025 and a call open to P147 and VILLE."""
    return make_cycle(world)
