"""HTTP content negotiation: pick the media type to answer with from an Accept header."""


def parse_accept(header: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q values, in the header's order."""
    ranges = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return ranges


def choose(header: str, offered: list[str], aliases: dict[str, list[str]] | None = None) -> str | None:
    """The offered type the client prefers most, or None if it accepts none.

    Ranking: q value, then how specifically the client named the type (exactly, by an alias
    such as application/json, by type/*, by */*), then the client's order, then ours.
    """
    aliases = aliases or {}
    ranges = parse_accept(header or "*/*")
    best, best_rank = None, None
    for index, media in enumerate(offered):
        matches = [
            (specificity, -position, q)
            for position, (pattern, q) in enumerate(ranges)
            if (specificity := _match(pattern, media, aliases)) is not None
        ]
        if not matches:
            continue
        specificity, position, q = max(matches)  # the most specific range decides, even when it says q=0
        rank = (q, specificity, position, -index)
        if q > 0 and (best_rank is None or rank > best_rank):
            best, best_rank = media, rank
    return best


def _match(pattern: str, media: str, aliases: dict[str, list[str]]) -> int | None:
    if pattern == media:
        return 3
    if media in aliases.get(pattern, []):
        return 2
    if pattern.endswith("/*") and media.startswith(pattern[:-1]):
        return 1
    if pattern == "*/*":
        return 0
    return None
