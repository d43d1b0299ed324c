"""The errors an approver is told about: each says what is wrong and what to do."""

from installation.errors import PretenseError


class ApprovalError(PretenseError):
    """Base of the errors of the approvals store and its command."""


class UnknownHold(ApprovalError):
    def __init__(self, hold_id: str) -> None:
        super().__init__(f"no held call has the id {hold_id!r} (`pretense approvals list` shows them)")


class AlreadyDecided(ApprovalError):
    def __init__(self, hold_id: str, status: str) -> None:
        super().__init__(f"the call {hold_id} is already {status.replace('_', ' ')}")
        self.status = status


class SelfApproval(ApprovalError):
    def __init__(self, hold_id: str, user: str) -> None:
        super().__init__(
            f"{user} asked for the call {hold_id} and the policy wants someone else to approve it "
            "(separation of duties)"
        )
