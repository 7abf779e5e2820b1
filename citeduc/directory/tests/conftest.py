import pytest

from citeduc.demo.loading import DemoResult, load_demo


@pytest.fixture
def demo(db: None, settings: pytest.FixtureRequest) -> DemoResult:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    return load_demo(with_accounts=True)
