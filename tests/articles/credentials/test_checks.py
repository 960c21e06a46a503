"""`manage.py check` tells an operator when the signing settings are half set or cannot sign."""

from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests.articles.credentials.certs import make_chain


def run_check(*args):
    try:
        call_command("check", "--tag", "content_credentials", *args)
    except SystemCheckError as error:
        return str(error)
    return ""


def test_off_and_properly_set_are_both_fine(settings, publisher_chain):
    settings.C2PA_SIGNING_CERT = settings.C2PA_SIGNING_KEY = ""
    assert run_check("--deploy") == ""
    settings.C2PA_SIGNING_CERT, settings.C2PA_SIGNING_KEY = publisher_chain.chain, publisher_chain.key
    assert run_check("--deploy") == ""


def test_a_certificate_without_its_key_is_an_error(settings, publisher_chain):
    settings.C2PA_SIGNING_CERT, settings.C2PA_SIGNING_KEY = publisher_chain.chain, ""
    assert "articles.E101" in run_check() and "C2PA_SIGNING_KEY is not set" in run_check()


def test_a_key_that_cannot_sign_is_found_at_deploy(settings, publisher_chain, tmp_path):
    settings.C2PA_SIGNING_CERT = publisher_chain.chain
    settings.C2PA_SIGNING_KEY = make_chain("Someone else").key
    report = run_check("--deploy")
    assert "articles.E102" in report and "cannot sign" in report
    settings.C2PA_SIGNING_KEY = str(tmp_path / "missing-key.pem")
    assert "No such file" in run_check("--deploy")
