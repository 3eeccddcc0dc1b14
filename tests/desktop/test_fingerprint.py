import shutil
import sqlite3

from desktop.assessment_file.fingerprint import fingerprint, short_fingerprint
from desktop.session import Session
from scoring import Scenario


def test_fingerprint_follows_the_data_not_the_bytes_or_history(tmp_path):
    from desktop.demo import write_demo

    path = write_demo(tmp_path / "a.sqlite")
    session = Session.open(path)
    before = fingerprint(session.store.conn)
    session.set_value("1.1", Scenario.ACTUAL, "1")
    changed = fingerprint(session.store.conn)
    edit = session.set_value("1.1", Scenario.ACTUAL, "1,25")
    session.restore(edit.key, edit.scenario, edit.old)  # back to 1: same data, longer history
    assert fingerprint(session.store.conn) == changed != before
    session.close()
    copy = tmp_path / "b.sqlite"
    shutil.copy(path, copy)
    conn = sqlite3.connect(copy)
    conn.execute("VACUUM")
    assert fingerprint(conn) == changed
    conn.close()


def test_short_form():
    assert short_fingerprint("3f2a91c07b440d1e" + "0" * 48) == "3F2A-91C0-7B44-0D1E"
