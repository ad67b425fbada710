"""GymCoach's function tools, as the manifest's spec.tools[].module references them.

A stand-in for the example: sessions live in memory. `delete_workout` is declared
destructive (annotations.destructiveHint), so the sidecar flags or blocks a call made
without the user's confirmation.
"""

_SESSIONS = {
    1: {"id": 1, "kind": "run", "minutes": 30},
    2: {"id": 2, "kind": "squat", "sets": 5},
}


def delete_workout(session_id: int) -> dict:
    """Deletes one logged training session; returns what was deleted."""
    session = _SESSIONS.pop(session_id, None)
    if session is None:
        raise KeyError(f"no logged session {session_id}")
    return {"deleted": session}
