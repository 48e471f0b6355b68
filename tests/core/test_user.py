import pytest
from django.contrib.auth import authenticate

from core.models import User


def test_email_is_the_login_and_there_is_no_username(db):
    user = User.objects.create_user("Sofie@Example.TEST", password="a-Long-test-passw0rd")
    assert user.email == "sofie@example.test"
    assert not hasattr(user, "username")
    assert authenticate(email="SOFIE@example.test", password="a-Long-test-passw0rd") == user


def test_user_without_password_cannot_log_in(db):
    user = User.objects.create_user("applicant@example.test")
    assert not user.has_usable_password()


def test_create_superuser(db):
    admin = User.objects.create_superuser("root@example.test", "a-Long-test-passw0rd")
    assert admin.is_staff
    assert admin.is_superuser


def test_email_is_unique(db):
    User.objects.create_user("one@example.test")
    with pytest.raises(Exception, match="(?i)unique"):
        User.objects.create_user("one@example.test")
