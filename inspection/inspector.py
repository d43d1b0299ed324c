"""Inspects one AI request: its tier (attribution and the policy), what the tier does to its
text (nothing, redaction, renaming), the egress check, and the verdict. Sans-IO but for
reading a repository's git remotes during attribution.

Built once per policy, key and inventories; everything it remembers (parse results, renamed
blocks, scanned texts) belongs to it and goes with it when any of them changes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import orjson

from detectors import Scanner
from inspection.egress import EgressCheck
from inspection.request import Request, Verdict
from installation.fingerprints import body_fingerprint, fingerprint, fingerprint_key
from mutators.base import RequestRefused, RequestTransform, TextField
from mutators.memo import Memo
from policy.attribution import attribute, files_in
from policy.decision import decide
from policy.inventory import Inventory
from policy.model import Decision, Policy, Tier
from policy.transforms import TierTransforms, tier_transforms
from providers.body import BodyTooLarge, decoded, encoded, parse
from providers.errors import WireFormatError
from providers.exchange import rewrite_request
from providers.jsonsplice import SpliceMemo
from providers.model import requested_model
from providers.uninspected import Uninspected

Names = Callable[[Sequence[TextField]], Iterable[str]]


@dataclass(frozen=True, slots=True)
class TierWork:
    """What one tier does to a request's text, and how what leaves is checked."""

    transform: RequestTransform
    egress: EgressCheck | None = None
    """None: nothing is checked (the public tier promises nothing)."""
    names: Names | None = None
    """The proprietary names a request defines, found apart from the transform (the egress
    check looks for them); None where names are not renamed."""
    scanner: Scanner | None = None
    """Scans a body that cannot be read, where the tier redacts secrets."""


class Inspector:
    def __init__(
        self,
        policy: Policy,
        work: dict[Tier, TierWork],
        key: bytes,
        inventories: tuple[Inventory, ...] = (),
        max_body: int = 64 << 20,
        memory: Callable[[], dict[str, int]] = dict,
    ) -> None:
        """`max_body`: the largest body read, once decoded; a larger one is refused where the
        tier promises a rewrite or a scan. `memory`: what the transforms remember, in bytes,
        by part (for the report)."""
        self.policy = policy
        self.work = work
        self.inventories = inventories
        self.max_body = max_body
        self._audit_key = fingerprint_key(key)
        self._transforms_memory = memory
        self._splices: SpliceMemo = Memo(32 << 20)
        self._fingerprints: Memo[str, str] = Memo(4 << 20)

    @classmethod
    def build(cls, policy: Policy, key: bytes, inventories: tuple[Inventory, ...] = ()) -> Inspector:
        inventoried = frozenset().union(*(i.names for i in inventories))
        transforms = tier_transforms(policy, key, inventoried)
        keep_comments = policy.rules(Tier.RESTRICTED).keep_comments
        work = tier_work(transforms, keep_comments)
        max_body = policy.limits.body_mb << 20
        return cls(policy, work, key, inventories, max_body, memory=transforms.memory)

    def memory(self) -> dict[str, int]:
        """Bytes the inspector and its tiers' transforms remember, by part."""
        egress = sum(w.egress.memory for w in self.work.values() if w.egress is not None)
        own = {"splices": self._splices.size, "fingerprints": self._fingerprints.size, "egress": egress}
        return own | self._transforms_memory()

    def inspect(self, request: Request) -> Verdict:
        verdict = self._inspect(request)
        if verdict.blocked is not None:
            return verdict
        sent = verdict.raw if verdict.raw is not None else request.raw
        return replace(verdict, sent_fingerprint=body_fingerprint(self._audit_key, (sent,)))

    def _inspect(self, request: Request) -> Verdict:
        clock = _Clock()
        try:
            body = decoded(request.raw, request.encoding, self.max_body)
        except BodyTooLarge as e:
            return self._unread(request, self._unattributed(request), str(e), 413, clock)
        except WireFormatError as e:
            return self._unread(request, self._unattributed(request), str(e), 400, clock)
        clock.lap("decode")
        verdict = self._inspect_decoded(request, body, clock)
        files = files_in(body)
        if not files:
            return verdict
        return replace(verdict, files=tuple(sorted({self._fingerprint(path) for path in files})))

    def _inspect_decoded(self, request: Request, body: bytes, clock: _Clock) -> Verdict:
        decision = self._decide(request, body)
        clock.lap("policy")
        tier = decision.tier
        model = requested_model(request.path, body)
        if decision.blocked is not None:
            return Verdict(tier, decision, blocked=decision.blocked, model=model, stages=clock.laps)
        if isinstance(request.route.wire, Uninspected):
            reason = f"Pretense cannot inspect this request: {request.route.wire.reason}"
            return self._refuse(tier, decision, reason, 403, body, clock, inspected=False, model=model)
        work = self.work[tier]
        if work.egress is None:
            return Verdict(tier, decision, model=model, stages=clock.laps)
        try:
            document = parse(body)
        except WireFormatError as e:
            return self._refuse(tier, decision, f"the request body could not be read ({e})", 400, body, clock)
        clock.lap("parse")
        return self._rewrite(request, decision, work, body, document, model, clock)

    def without_body(self, request: Request) -> Verdict:
        """The verdict for a request that carries no body to read (a WebSocket upgrade):
        its tier, and whether the policy lets it go at all."""
        decision = self._unattributed(request)
        inspected = request.route.inspected
        return Verdict(decision.tier, decision, inspected=inspected, blocked=decision.blocked)

    def _rewrite(
        self,
        request: Request,
        decision: Decision,
        work: TierWork,
        body: bytes,
        document: Any,
        model: str,
        clock: _Clock,
    ) -> Verdict:
        tier, wire = decision.tier, request.route.wire
        try:
            rewritten = rewrite_request(wire, body, work.transform, document, self._splices)
        except RequestRefused as e:
            return Verdict(tier, decision, blocked=f"{e.reason}.", model=model, stages=clock.laps)
        content, rewrite = rewritten.content, rewritten.rewrite
        clock.lap("rewrite")
        out = rewritten.body
        names = frozenset(work.names(content.fields)) | rewrite.renamed if work.names else frozenset()
        assert work.egress is not None
        leak = work.egress.leak(wire.shape, orjson.loads(out) if out is not None else document, names)
        clock.lap("egress")
        identifiers = tuple(sorted({self._fingerprint(name) for name in rewrite.renamed}))
        verdict = Verdict(
            tier,
            decision,
            restoration=rewrite.restoration,
            model=model,
            fields=len(content.fields),
            unknown_fields=content.unknown,
            found=dict(rewrite.found),
            passed=dict(rewrite.passed),
            fingerprints=tuple(rewrite.fingerprints),
            identifiers=identifiers,
        )
        if leak is not None:
            reason = (
                f"an internal check found {leak.what} at {leak.where} in what Pretense was about to "
                "send; nothing was sent. Please report this to your security team"
            )
            return replace(verdict, blocked=reason, leak=f"{leak.what} at {leak.where}", stages=clock.laps)
        raw = encoded(out, request.encoding) if out is not None else None
        clock.lap("encode")
        return replace(verdict, raw=raw, stages=clock.laps)

    def _fingerprint(self, name: str) -> str:
        found = self._fingerprints.get(name)
        if found is None:
            found = fingerprint(self._audit_key, name)
            self._fingerprints.put(name, found, 2 * len(name) + 96)
        return found

    def _decide(self, request: Request, body: bytes) -> Decision:
        attribution = attribute(self.policy, tagged=request.tagged, body=body, inventories=self.inventories)
        return decide(
            self.policy,
            attribution,
            files=attribution.files,
            user=request.user,
            groups=request.groups,
            provider=request.route.provider,
            model=requested_model(request.path, body),
            host=request.host,
            client=request.client,
        )

    def _unattributed(self, request: Request) -> Decision:
        """The decision for a body that cannot be read: what the request gets without the
        text of its body (which could only have raised the tier)."""
        return self._decide(request, b"")

    def _unread(
        self, request: Request, decision: Decision, reason: str, status: int, clock: _Clock
    ) -> Verdict:
        tier = decision.tier
        if decision.blocked is not None:
            return Verdict(tier, decision, blocked=decision.blocked, stages=clock.laps)
        if tier is Tier.PUBLIC:
            return Verdict(tier, decision, inspected=False, note=reason, stages=clock.laps)
        # Nothing of the body could be scanned: where secrets must not leave, it does not.
        return Verdict(
            tier,
            decision,
            inspected=False,
            blocked=f"{reason}; the {tier} tier forwards nothing it has not read",
            status=status,
            stages=clock.laps,
        )

    def _refuse(
        self,
        tier: Tier,
        decision: Decision,
        reason: str,
        status: int,
        body: bytes,
        clock: _Clock,
        inspected: bool = True,
        model: str = "",
    ) -> Verdict:
        """A request Pretense cannot rewrite: blocked where the tier promises a rewrite; in
        the internal tier forwarded only if its raw bytes hold no secret; passed in public."""
        verdict = Verdict(tier, decision, inspected=inspected, note=reason, model=model, stages=clock.laps)
        if tier.fails_closed:
            blocked = f"{reason}; the {tier} tier forwards nothing it cannot rewrite."
            return Verdict(tier, decision, inspected=inspected, blocked=blocked, status=status, model=model)
        scanner = self.work[tier].scanner
        if scanner is None:
            return verdict
        kinds = sorted({f.kind.replace("_", " ") for f in scanner.scan(body.decode("utf-8", "replace"))})
        if not kinds:
            return verdict
        blocked = (
            f"{reason}, and it holds {', '.join(kinds)}, which cannot be redacted in a body "
            "Pretense cannot read."
        )
        return Verdict(tier, decision, inspected=inspected, blocked=blocked, status=status, model=model)


def tier_work(transforms: TierTransforms, keep_comments: bool = False) -> dict[Tier, TierWork]:
    """Each tier's work from the transforms the policy built: internal and restricted check
    secrets on the way out, restricted also the names its code defines (outside comments,
    where the policy keeps them as written)."""
    return {
        Tier.PUBLIC: TierWork(transforms.public),
        Tier.INTERNAL: TierWork(
            transforms.internal,
            EgressCheck(transforms.internal_scanner, transforms.internal_allow),
            scanner=transforms.internal_scanner,
        ),
        Tier.RESTRICTED: TierWork(
            transforms.restricted,
            EgressCheck(transforms.restricted_scanner, transforms.restricted_allow, keep_comments),
            names=transforms.names,
            scanner=transforms.restricted_scanner,
        ),
        Tier.CONFIDENTIAL: TierWork(transforms.public),
    }


class _Clock:
    def __init__(self) -> None:
        self._last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = round((now - self._last) * 1000, 3)
        self._last = now
