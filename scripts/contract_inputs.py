"""Random but plausible decision inputs of the sidecar contract
(../shared/reference/sidecar-contract.md) for one agent's generated data.json, for
scripts/differential.py. Seeded through the random.Random passed in.

The four lists are always present (the contract promises it); optional facts
(`user_confirmed`, scores, cost, tokens, `memory_write`) are absent as often as
present. Numbers land on, just below and just above each threshold, as integers and
as floats (at most 4 decimals, as money and scores are reported), so `>=` versus `>` and int/float comparison are exercised.
"""

GUARDRAILS = ["topic-filter", "pii-detector", "prompt-injection", "toxicity-filter", "hallucination-detector",
              "custom"]
EXTRA_TOOLS = ["search", "log", "send-email", "delete-everything"]


def around(rng, value, scale):
    """A number near `value` (or anywhere in [0, scale])."""
    r = rng.random()
    if value is None or r < 0.3:
        x = rng.random() * scale
        return round(x, rng.choice([0, 1, 2, 3])) if rng.random() < 0.8 else int(x)
    if r < 0.5:
        return round(value, 4)
    if r < 0.6:
        return float(value) if isinstance(value, int) else round(value, 4)
    step = rng.choice([0.01, 0.001, 1, 0.5])
    return round(value + rng.choice([-step, step]), 4)


def agent_values(document):
    """The one agent's values in a generated data.json (at data.agentspec.agent.<name>)."""
    agents = document["agentspec"]["agent"]
    assert list(document) == ["agentspec"] and list(document["agentspec"]) == ["agent"] and len(agents) == 1, \
        f"data.json is not namespaced under one agent's package: {list(document)}"
    return next(iter(agents.values()))


def random_input(rng, data, agent_name="agent"):
    declared = data.get("inputGuardrails", [])
    tools = list(data.get("tools", [])) + list(data.get("destructiveTools", []))
    pool = sorted(set(tools + EXTRA_TOOLS))
    inp = {
        "agent_name": agent_name,
        "request_type": rng.choice(["llm_call", "llm_call", "llm_call", "tool_call", "memory_write"]),
        "model_id": rng.choice(["groq/llama-3.3-70b-versatile", "openai/gpt-4o", "azure/gpt-4"]),
        "guardrails_declared": list(declared),
        "guardrails_invoked": [g for g in GUARDRAILS if rng.random() < (0.75 if g in declared else 0.2)],
        "tools_registered": sorted(set(tools)),
        "tools_called": [t for t in pool if rng.random() < 0.25],
    }
    if rng.random() < 0.6:
        inp["user_confirmed"] = rng.random() < 0.5
    if rng.random() < 0.6:
        inp["toxicity_score"] = around(rng, data.get("toxicityThreshold"), 1)
    if rng.random() < 0.6:
        inp["hallucination_score"] = around(rng, data.get("hallucinationThreshold"), 1)
    if rng.random() < 0.6:
        limit = data.get("maxMonthlyUSD")
        inp["cost_today_usd"] = around(rng, limit / 30 if limit is not None else None, 20)
    if rng.random() < 0.4:
        inp["tokens_today"] = rng.randint(0, 2_000_000)
    if rng.random() < 0.5:
        mw = {}
        if rng.random() < 0.85:
            ttl = data.get("shortTermTtlSeconds")
            mw["ttl_seconds"] = rng.choice([ttl, ttl, 60, 86400, float(ttl) if ttl is not None else 1.5]) \
                if ttl is not None else rng.choice([60, 3600])
        if rng.random() < 0.85:
            mw["pii_scrubbed"] = rng.random() < 0.6
        inp["memory_write"] = mw
    return inp
