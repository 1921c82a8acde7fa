"""TLS in front of the real LRS: a certificate the kiosk cannot trust is refused before anything
is sent, and the outbox stays exactly as it was. Verification cannot be switched off."""

import ssl
from datetime import UTC, datetime, timedelta

import pytest
import trustme

from kiosk.core.sync import SyncEngine
from tests.sync.support import config, held_by_lrs, queue_statements


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


def tls_proxy(proxy_factory, cert):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    return proxy_factory(tls=context)


def snapshot(store):
    return store.conn.execute("SELECT * FROM outbox ORDER BY id").fetchall()


@pytest.fixture
def queued(store, programme, activity_base):
    queue_statements(store, programme, 12, activity_base)
    return snapshot(store)


@pytest.mark.parametrize("case", ["unknown CA (public bundle)", "another CA than configured", "wrong host name",
                                  "expired certificate"])
def test_an_untrustworthy_certificate_is_refused_and_the_outbox_is_unchanged(
        case, ca, tmp_path, proxy_factory, ralph, store, queued, activity_base):
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    options = {"ca_bundle": bundle}
    if case == "unknown CA (public bundle)":
        cert, options = ca.issue_cert("127.0.0.1"), {}
    elif case == "another CA than configured":
        cert = trustme.CA().issue_cert("127.0.0.1")
    elif case == "wrong host name":
        cert = ca.issue_cert("lrs.example.org")
    else:
        cert = ca.issue_cert("127.0.0.1", not_after=datetime.now(UTC) - timedelta(days=1))
    proxy = tls_proxy(proxy_factory, cert)

    report = SyncEngine(store, config(proxy.url(), **options)).run_once()

    assert report.outcome == "refused" and "certificate was not accepted" in report.message, report.message
    assert report.requests == 1  # no retrying into a certificate problem
    assert snapshot(store) == queued
    assert proxy.captured == []  # not one byte of HTTP got through
    assert held_by_lrs(ralph, activity_base) == {}
    assert "certificate" in store.outbox.read_sync_status()["last_error"]


def test_a_certificate_from_the_configured_ca_for_this_host_is_accepted(ca, tmp_path, proxy_factory, ralph, store,
                                                                      queued, activity_base):
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    proxy = tls_proxy(proxy_factory, ca.issue_cert("127.0.0.1", "localhost"))
    report = SyncEngine(store, config(proxy.url(host="localhost"), ca_bundle=bundle)).run_once()
    assert report.outcome == "delivered" and report.delivered == 12
    assert len(held_by_lrs(ralph, activity_base)) == 12


def test_plain_http_is_refused_for_anything_but_this_computer():
    from kiosk.core.errors import ConfigError

    with pytest.raises(ConfigError, match="must use https"):
        config("http://lrs.example.org/xAPI")
    config("http://127.0.0.1:9/xAPI")  # tests and a local relay only
