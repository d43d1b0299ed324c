"""The proxy's side of an attestation: given what the hook asks, read the change with git,
attribute the repository with the policy in force, count the lines that came from AI
answers and the exchanges since the parent commit; then, on the audit writer's thread,
sign the claim citing where the chain stands and write the attestation's own record.

`prepare` does the slow part (git, the provenance log, the trail) off the event loop;
`sealer` makes the writer-thread step that signs.
"""

from __future__ import annotations

import datetime
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from attestations import git
from attestations.attest import (
    CommitRequest,
    CommittedRequest,
    attestation_record,
    commit_record,
    commit_trailers,
    signed,
)
from attestations.compact import decode
from attestations.dsse import Envelope, verified_by
from attestations.errors import AttestationError
from attestations.lines import added_lines, lines_key
from attestations.predicate import Claim, ProxyState
from attestations.provenance import cite, days_of, fingerprints, seqs_of, share, summary
from attestations.statement import parse_statement
from attestations.store import ProvenanceLog
from attestations.trailers import ATTESTATION, Trailer, values
from audit.chain import ChainHead
from audit.files import parsed, read_lines, trail_files
from audit.record import Record, timestamp
from installation.home import key_fingerprint
from policy.attribution import attribute_directory
from policy.decision import decide
from policy.model import Policy

VERSION = "0.1.0"


class Refused(AttestationError):
    """The proxy will not attest: answered 409 or 503, saying why (the hook records it)."""

    def __init__(self, message: str, status: int = 503) -> None:
        super().__init__(message)
        self.status = status


@dataclass(slots=True)
class Sealed:
    """What the writer-thread step made, for the hook's answer."""

    trailers: list[Trailer] = field(default_factory=list)
    claim: Claim | None = None


class Issuer:
    def __init__(
        self,
        log: ProvenanceLog,
        trail: Path,
        signing_key: Ed25519PrivateKey,
        clock: Callable[[], float] = time.time,
        host: str | None = None,
    ) -> None:
        self.log = log
        self.trail = trail
        self.signing_key = signing_key
        self.key_id = key_fingerprint(signing_key.public_key())
        self.clock = clock
        self.host = host or socket.gethostname()

    def prepare(
        self, request: CommitRequest, policy: Policy, installation_key: bytes, proxy: ProxyState
    ) -> Claim:
        """The claim, but for where the chain stands and when (the writer thread adds those)."""
        if not proxy.inspecting:
            raise Refused("the proxy is not inspecting (no policy loaded): it attests nothing")
        root = Path(request.root)
        if not git.is_tree(root, request.tree):
            raise Refused(f"{request.tree[:12]} is not a tree of the repository at {root}", 409)
        diff = git.added_diff(root, request.parent, request.tree)
        change = git.patch_id(root, request.parent, request.tree)
        attribution = attribute_directory(policy, request.root)
        tier = decide(policy, attribution).tier
        repository = attribution.repository.name if attribution.repository else None
        added = fingerprints(added_lines(diff), lines_key(installation_key))
        wanted = {line for lines in added.values() for line in lines}
        exchanges = list(self.log.read(wanted))
        provenance, flows = share(added, exchanges)
        cited = {flow for file_flows in flows.values() for flow in file_flows}
        sources = [x for x in exchanges if x.flow in cited]
        provenance = cite(provenance, flows, seqs_of(self._records(days_of(sources)), cited))
        return Claim(
            tree=request.tree,
            attested_at="",
            key_id=self.key_id,
            host=self.host,
            version=VERSION,
            proxy=proxy,
            policy_digest=policy.digest,
            repository=repository,
            tier=tier,
            attribution=attribution.source.value if attribution.repository else "default",
            chain_seq=0,
            chain_hash="",
            parent=request.parent,
            change=change,
            exchanges=summary(exchanges, repository, request.root, request.since),
            provenance=provenance,
        )

    def sealer(self, claim: Claim, head: Callable[[], ChainHead], out: Sealed) -> Callable[[], Record]:
        """The writer-thread step: cite the chain's last record, sign, and make the record of
        this attestation (the next in the chain)."""

        def seal() -> Record:
            now = self.clock()
            at = head()
            final = replace(claim, attested_at=timestamp(now), chain_seq=at.seq, chain_hash=at.hash)
            envelope, value = signed(final, self.signing_key)
            out.claim, out.trailers = final, commit_trailers(final, value)
            return attestation_record(final, envelope, now)

        return seal

    def committed(self, request: CommittedRequest) -> Record:
        """The record of a commit made (its id, which the commit cannot hold), with whether it
        carries one of our attestations, and for which tree."""
        found = git.commit(Path(request.root), request.commit)
        envelope, attested = self._ours(found.message)
        return commit_record(found.id, found.tree, attested, envelope, self.clock())

    def _ours(self, message: str) -> tuple[Envelope | None, str | None]:
        mine = {self.key_id: self.signing_key.public_key()}
        for value in values(message, ATTESTATION):
            try:
                envelope = decode(value)
                verified_by(envelope, mine)
                tree = parse_statement(envelope.payload).digests.get("gitTree")
            except AttestationError:
                continue
            return envelope, tree
        return None, None

    def _records(self, days: set[datetime.date]) -> Iterator[Record]:
        """The trail records of these UTC days (a file's name gives its day)."""
        for path in trail_files(self.trail):
            try:
                day = datetime.datetime.strptime(path.stem.rsplit("-", 1)[-1], "%Y%m%d").date()
            except ValueError:
                continue
            if day in days:
                yield from parsed(read_lines(path))
