"""What a disk holds after a power cut, rebuilt from the journal of one killed process
(tests/powercut/journal.c records it; the power-cut test uses this).

The rules are the strict reading of POSIX that btrfs and a lazy ext4 journal can both show:
- a file's bytes are on disk as of its last fsync/fdatasync; anything written after is lost;
- a name in a folder (made by create, mkdir, rename, link; removed by unlink, rmdir, rename) is on
  disk only as of the folder's last fsync; a new name nobody synced is lost, a removed name whose
  folder nobody synced comes back (pointing at the file's last synced bytes);
- fsync of a file does not make its name durable, nor fsync of a folder the names inside its
  sub-folders.

``rebuild(names_kept=k)`` also keeps the first k name changes made since their folder's last fsync
(k counts every name change in the order made): a journaling file system (ext4, XFS, NTFS)
commits name changes in order and may commit some before anyone asks, so a cut may find some
renames of a sequence done and the rest not. (File bytes not fsynced are always lost.)

``rebuild(durable=False)`` keeps every change instead: the test compares that with the real
folder after each run, which shows that the journal missed no change to any file or name.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(eq=False)
class Node:
    is_dir: bool
    base: bytes = b""
    synced: list = field(default_factory=list)  # data changes made durable by an fsync
    pending: list = field(default_factory=list)  # data changes since the last fsync
    entries: dict = field(default_factory=dict)  # folder: name -> Node, as it is now
    durable_entries: dict = field(default_factory=dict)  # folder: as of its last fsync
    name_log: list = field(default_factory=list)  # folder: (order, name, node or None) since then

    def content(self, durable: bool) -> bytes:
        data = bytearray(self.base)
        for kind, a, b in self.synced if durable else self.synced + self.pending:
            if kind == "w":
                if len(data) < a:
                    data.extend(b"\0" * (a - len(data)))
                data[a:a + len(b)] = b
            else:
                del data[a:]
                data.extend(b"\0" * (a - len(data)))
        return bytes(data)

    def sync(self) -> None:
        if self.is_dir:
            self.durable_entries = dict(self.entries)
            self.name_log = []
        else:
            self.synced += self.pending
            self.pending = []


class Disk:
    """The folder ``root`` as the journal's process found it, plus what the journal says it did."""

    def __init__(self, root: Path):
        self.root_path = os.path.realpath(root)
        self.by_ino: dict[int, Node] = {}
        self.root = self._scan(self.root_path)
        self.ops = 0
        self.name_changes = 0

    def _scan(self, path: str) -> Node:
        st = os.lstat(path)
        if stat.S_ISDIR(st.st_mode):
            node = Node(True)
            for name in os.listdir(path):
                node.entries[name] = self._scan(os.path.join(path, name))
            node.durable_entries = dict(node.entries)
        else:
            with open(path, "rb") as handle:
                node = Node(False, handle.read())
        self.by_ino[st.st_ino] = node
        return node

    # -- replay ---------------------------------------------------------------------------------
    def replay(self, journal: Path) -> None:
        data = journal.read_bytes() if journal.exists() else b""
        at = 0
        while True:
            end = data.find(b"\n", at)
            if end < 0:
                break  # a record cut short by the kill: the call it records had not returned
            op, _, rest = data[at:end].decode("utf-8", "surrogateescape").partition(" ")
            at = end + 1
            if op == "W":
                ino, offset, size = (int(x) for x in rest.split())
                if at + size > len(data):
                    break
                self._data(ino, ("w", offset, data[at:at + size]))
                at += size
            elif op == "T":
                ino, length = (int(x) for x in rest.split())
                self._data(ino, ("t", length, None))
            elif op == "S":
                node = self.by_ino.get(int(rest))
                if node is not None:
                    node.sync()
            elif op in "CM":
                ino, _, path = rest.partition(" ")
                node = Node(op == "M")
                self._set(*self._parent(path), node)
                self.name_changes += 1
                self.by_ino[int(ino)] = node  # a reused inode number now means this new node
            elif op in "UD":
                self._set(*self._parent(rest), None)
                self.name_changes += 1
            elif op in "RLE":
                old, new = rest.split("\t")
                (src, a), (dst, b) = self._parent(old), self._parent(new)
                moving, there = src.entries[a], dst.entries.get(b)
                if op == "E":
                    self._set(src, a, there)
                    self._set(dst, b, moving)
                elif op == "L":
                    self._set(dst, b, moving)
                elif moving is not there:  # a rename onto the same file does nothing
                    self._set(src, a, None)
                    self._set(dst, b, moving)
                self.name_changes += 1  # one change, even across two folders: both or neither
            elif op == "A":
                self._sync_all(self.root)
            else:
                raise ValueError(f"unknown journal record {op!r}")
            self.ops += 1

    def _set(self, folder: Node, name: str, node: Node | None) -> None:
        if node is None:
            folder.entries.pop(name)
        else:
            folder.entries[name] = node
        folder.name_log.append((self.name_changes, name, node))

    def _data(self, ino: int, change: tuple) -> None:
        node = self.by_ino.get(ino)
        if node is not None and not node.is_dir:  # else a file outside the root on the same disk
            node.pending.append(change)

    def _parent(self, path: str) -> tuple[Node, str]:
        rel = os.path.relpath(os.path.normpath(path), self.root_path)
        parts = [] if rel == "." else rel.split(os.sep)
        node = self.root
        for part in parts[:-1]:
            node = node.entries[part]
        return node, parts[-1]

    def _sync_all(self, node: Node) -> None:
        node.sync()
        for child in node.entries.values():
            if child.is_dir:
                self._sync_all(child)
            else:
                child.sync()

    # -- the result -----------------------------------------------------------------------------
    def rebuild(self, out: Path, durable: bool = True, names_kept: int = 0) -> None:
        """Write the folder as the disk holds it after the cut (``durable``) or as it is now."""
        out.mkdir()
        self._write(self.root, out, durable, names_kept)

    def _write(self, folder: Node, out: Path, durable: bool, names_kept: int) -> None:
        entries = folder.entries
        if durable:
            entries = dict(folder.durable_entries)
            for order, name, node in folder.name_log:
                if order < names_kept:
                    if node is None:
                        entries.pop(name, None)
                    else:
                        entries[name] = node
        for name, node in entries.items():
            if node.is_dir:
                (out / name).mkdir()
                self._write(node, out / name, durable, names_kept)
            else:
                (out / name).write_bytes(node.content(durable))


def tree(folder: Path, skip=lambda name: name.endswith("-shm")) -> dict[str, bytes | None]:
    """Every file's bytes (None for a folder) by relative path; SQLite's -shm files are left out
    (SQLite rebuilds them from the WAL when a database is first opened)."""
    found: dict[str, bytes | None] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        rel = os.path.relpath(dirpath, folder)
        for name in dirnames:
            found[os.path.normpath(os.path.join(rel, name))] = None
        for name in filenames:
            if not skip(name):
                found[os.path.normpath(os.path.join(rel, name))] = Path(dirpath, name).read_bytes()
    return found
