"""Fixtures the unit tests share."""

import pytest

from tests.unit import fakecloud


@pytest.fixture
def cloud(requests_mock):
    """A Keystone with a public and an internal Glance, as HTTP answers
    only (see :mod:`tests.unit.fakecloud`); any other url fails."""
    fake = fakecloud.Cloud(requests_mock)
    fake.glance(fakecloud.GLANCE_PUBLIC)
    fake.glance(fakecloud.GLANCE_INTERNAL)
    return fake
