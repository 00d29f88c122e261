"""The run's --max-tokens, held by reservation: a request books its most before it is sent.

A request's most is its prompt (estimated, erring high) plus the reply cap sent with it as
max_tokens, so requests in flight count against the budget as well as finished ones. What a
reply really cost replaces its booking when it arrives. A request whose booking would cross
the budget is not sent: the batch stops there. The spend can therefore pass the budget only by
what a server spends beyond the cap it was sent (at most one reply cap per request for the
servers that ignore it; none for those that honour it).
"""

from __future__ import annotations

from dataclasses import dataclass


class BudgetSpent(Exception):
    """Sending the next request could cross the budget."""


@dataclass
class TokenBudget:
    limit: int | None
    spent: int = 0
    reserved: int = 0

    def reserve(self, most: int) -> int:
        """Book `most` tokens for one request, or refuse; returns the booking to settle."""
        if self.limit is not None and self.spent + self.reserved + most > self.limit:
            raise BudgetSpent(
                f"the token budget of {self.limit:,} would be exceeded ({self.spent:,} spent, "
                f"{self.reserved:,} booked by requests in flight, the next request needs up "
                f"to {most:,})"
            )
        self.reserved += most
        return most

    def settle(self, booking: int, used: int) -> None:
        """Replace a booking with what the request really cost (0 if it got no reply)."""
        self.reserved -= booking
        self.spent += used
