"""The signing key at rest: protected by a passphrase, asked when signing; keys from before still load."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.packages.conftest import KEY_PASSPHRASE, dump
from venueplans.cli.main import main


def cli(inst, *argv: str, capsys, env: dict | None = None) -> tuple[int, str, str]:
    with inst.active():
        with inst.monkeypatch.context() as mp:
            for name, value in (env or {}).items():
                if value is None:
                    mp.delenv(name, raising=False)
                else:
                    mp.setenv(name, value)
            code = main(["--catalogue", str(inst.catalogue), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _audit_exports(inst) -> int:
    with inst.active(), inst.open() as cat:
        return cat.conn.execute("SELECT count(*) FROM audit WHERE action = 'package-export'").fetchone()[0]


def _legacy_key(inst) -> tuple[bytes, Ed25519PrivateKey]:
    """A signing key written before passphrases: PKCS#8 in clear, left readable by others."""
    key = Ed25519PrivateKey.generate()
    folder = inst.root / "config" / "keys"
    folder.mkdir(parents=True)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    (folder / "signing-key.pem").write_bytes(pem)
    (folder / "signing-key.pem").chmod(0o644)
    return pem, key


def test_first_export_makes_a_protected_key_readable_only_by_its_owner(operator, tmp_path, capsys):
    target = tmp_path / "olympia.vpkg"
    code, out, err = cli(operator, "export", "Olympia", "-o", str(target), capsys=capsys)
    assert code == 0 and target.is_file() and "making one, protected by a passphrase" in err
    keyfile = operator.root / "config" / "keys" / "signing-key.json"
    assert keyfile.stat().st_mode & 0o777 == 0o600
    assert not (operator.root / "config" / "keys" / "signing-key.pem").exists()
    with operator.active():
        from venueplans import keys

        private = keys.unlock(KEY_PASSPHRASE).private_bytes(serialization.Encoding.Raw,
                                                            serialization.PrivateFormat.Raw,
                                                            serialization.NoEncryption())
    assert private not in keyfile.read_bytes() and b"PRIVATE KEY" not in keyfile.read_bytes()
    code, out, _ = cli(operator, "keys", "show", capsys=capsys)
    assert "protected by a passphrase" in out and "WITHOUT" not in out


def test_a_wrong_passphrase_is_one_line_and_nothing_is_exported(operator, tmp_path, capsys):
    assert cli(operator, "keys", "create", capsys=capsys)[0] == 0
    before = dump(operator.catalogue)
    target = tmp_path / "olympia.vpkg"
    code, out, err = cli(operator, "export", "Olympia", "-o", str(target), capsys=capsys,
                         env={"VENUEPLANS_KEY_PASSPHRASE": "pas la bonne phrase"})
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and str(target) in err and "wrong passphrase for the signing key" in err
    assert not target.exists() and dump(operator.catalogue) == before
    code, _, err = cli(operator, "export", "Olympia", "-o", str(target), capsys=capsys,
                       env={"VENUEPLANS_KEY_PASSPHRASE": None})  # a script without a terminal, no passphrase
    assert code == 1 and "--key-passphrase-file" in err and not target.exists()


def test_the_passphrase_can_come_from_a_file(operator, tmp_path, capsys):
    assert cli(operator, "keys", "create", capsys=capsys)[0] == 0
    secret = tmp_path / "key-passphrase.txt"
    secret.write_text(KEY_PASSPHRASE + "\n", encoding="utf-8")
    target = tmp_path / "olympia.vpkg"
    code, _, err = cli(operator, "export", "Olympia", "-o", str(target), "--key-passphrase-file", str(secret),
                       capsys=capsys, env={"VENUEPLANS_KEY_PASSPHRASE": None})
    assert code == 0 and target.is_file() and _audit_exports(operator) == 1


def test_too_short_a_passphrase_makes_no_key(operator, tmp_path, capsys):
    code, _, err = cli(operator, "export", "Olympia", "-o", str(tmp_path / "o.vpkg"), capsys=capsys,
                       env={"VENUEPLANS_KEY_PASSPHRASE": "court"})
    assert code == 1 and "at least 8 characters" in err
    assert not (operator.root / "config" / "keys" / "signing-key.json").exists()
    assert not (tmp_path / "o.vpkg").exists()


def test_a_key_from_before_passphrases_still_signs_then_is_protected(operator, police, tmp_path, capsys):
    pem, key = _legacy_key(operator)
    target = tmp_path / "olympia.vpkg"
    code, _, err = cli(operator, "export", "Olympia", "-o", str(target), capsys=capsys,
                       env={"VENUEPLANS_KEY_PASSPHRASE": None})
    assert code == 0 and "keys protect" in err  # exported, with advice
    legacy = operator.root / "config" / "keys" / "signing-key.pem"
    assert legacy.stat().st_mode & 0o777 == 0o600  # tightened when it was read
    code, out, _ = cli(operator, "keys", "show", capsys=capsys)
    assert "WITHOUT a passphrase" in out
    with operator.active():
        from venueplans import keys

        kid = keys.own_key().key_id
    assert cli(operator, "keys", "protect", capsys=capsys)[0] == 0  # new passphrase: VENUEPLANS_KEY_PASSPHRASE
    assert not legacy.exists()
    protected = operator.root / "config" / "keys" / "signing-key.json"
    assert protected.stat().st_mode & 0o777 == 0o600 and pem not in protected.read_bytes()
    with operator.active():
        assert keys.own_key().key_id == kid  # the same key: those who trust it need do nothing
    code, _, err = cli(operator, "export", "Olympia", "-o", str(tmp_path / "again.vpkg"), capsys=capsys,
                       env={"VENUEPLANS_KEY_PASSPHRASE": "pas la bonne phrase"})
    assert code == 1 and "wrong passphrase" in err
    # the police trust the old key's public half: packages from the protected key are still accepted
    assert cli(operator, "keys", "export", "-o", str(tmp_path / "operator.pub"), capsys=capsys)[0] == 0
    assert cli(police, "keys", "trust", str(tmp_path / "operator.pub"), capsys=capsys)[0] == 0
    assert cli(operator, "export", "Olympia", "-o", str(tmp_path / "third.vpkg"), capsys=capsys)[0] == 0
    code, out, _ = cli(police, "import", str(tmp_path / "third.vpkg"), capsys=capsys)
    assert code == 0 and "NOT trusted" not in out


def test_changing_the_passphrase_checks_the_current_one(operator, tmp_path, capsys):
    assert cli(operator, "keys", "create", capsys=capsys)[0] == 0
    code, _, err = cli(operator, "keys", "protect", capsys=capsys,
                       env={"VENUEPLANS_KEY_PASSPHRASE": "pas la bonne phrase",
                            "VENUEPLANS_NEW_KEY_PASSPHRASE": "nouvelle phrase"})
    assert code == 1 and "wrong passphrase" in err
    code, out, _ = cli(operator, "keys", "protect", capsys=capsys,
                       env={"VENUEPLANS_NEW_KEY_PASSPHRASE": "nouvelle phrase"})
    assert code == 0 and "passphrase changed" in out
    target = tmp_path / "olympia.vpkg"
    assert cli(operator, "export", "Olympia", "-o", str(target), capsys=capsys)[0] == 1  # the old one no more
    assert cli(operator, "export", "Olympia", "-o", str(target), capsys=capsys,
               env={"VENUEPLANS_KEY_PASSPHRASE": "nouvelle phrase"})[0] == 0


def test_export_package_refuses_a_wrong_or_missing_passphrase_before_writing(operator, tmp_path):
    from venueplans import keys
    from venueplans.ops.packages import export_package

    target = tmp_path / "olympia.vpkg"
    with operator.active(), operator.open() as cat:
        keys.create_key(KEY_PASSPHRASE)
        for wrong in ("pas la bonne phrase", None):
            with pytest.raises(keys.KeyPassphraseError, match="nothing exported") as caught:
                export_package(cat, venue_id=1, target=target, key_passphrase=wrong)
            assert "\n" not in str(caught.value) and not target.exists()
        export_package(cat, venue_id=1, target=target, key_passphrase=KEY_PASSPHRASE)
    assert target.is_file()


def test_an_edited_key_file_is_refused(operator, tmp_path):
    import json

    from venueplans import keys
    from venueplans.keys.signing_key import SigningKeyError

    with operator.active():
        keys.create_key(KEY_PASSPHRASE)
        path = operator.root / "config" / "keys" / "signing-key.json"
        doc = json.loads(path.read_text())
        doc["n"] = 2**30  # a crafted work factor must not exhaust the memory
        path.write_text(json.dumps(doc))
        with pytest.raises(SigningKeyError, match="damaged signing key file"):
            keys.unlock(KEY_PASSPHRASE)


def test_a_clear_copy_left_by_an_interrupted_protect_is_removed_at_the_next_unlock(operator):
    from venueplans import keys
    from venueplans.keys import signing_key

    pem, key = _legacy_key(operator)
    folder = operator.root / "config" / "keys"
    with operator.active():
        (folder / "signing-key.json").write_bytes(signing_key.seal(key, KEY_PASSPHRASE))  # sealed, not yet shredded
        assert keys.key_state() == "protected" and (folder / "signing-key.pem").exists()
        with pytest.raises(keys.KeyPassphraseError):
            keys.unlock("pas la bonne phrase")
        assert (folder / "signing-key.pem").exists()  # only the right passphrase proves the copy is the same key
        keys.unlock(KEY_PASSPHRASE)
        assert not (folder / "signing-key.pem").exists()
