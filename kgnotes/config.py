"""User settings: ``kgnotes.toml`` at the corpus root (all keys optional).

```toml
[aliases]                 # extra aliases: label = [other labels]
"近端策略优化" = ["PPO", "Proximal Policy Optimization"]
[concepts]
never  = ["本文"]          # never extract these as concepts
always = ["KV Cache"]     # always extract these
[read]
max_file_mb = 20          # larger files are skipped with a warning
traditional_to_simplified = false   # read 繁體 notes as 简体 (OpenCC), so both spellings meet
```
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_NAME = "kgnotes.toml"


class ConfigError(ValueError):
    """A kgnotes.toml that cannot be used; the message names the file."""


@dataclass
class Settings:
    aliases: dict[str, list[str]] = field(default_factory=dict)
    never: list[str] = field(default_factory=list)
    always: list[str] = field(default_factory=list)
    max_file_mb: float = 20.0
    traditional_to_simplified: bool = False
    workers: int = 1

    def as_dict(self) -> dict:
        return {
            "aliases": self.aliases,
            "never": self.never,
            "always": self.always,
            "max_file_mb": self.max_file_mb,
            "traditional_to_simplified": self.traditional_to_simplified,
        }


def load_settings(corpus: Path) -> Settings:
    path = Path(corpus) / CONFIG_NAME
    if not path.is_file():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    aliases = data.get("aliases", {})
    concepts = data.get("concepts", {})
    read = data.get("read", {})
    if not isinstance(aliases, dict) or not all(isinstance(v, list) for v in aliases.values()):
        raise ConfigError(f"{path}: [aliases] must map a label to a list of labels")
    return Settings(
        aliases={str(k): [str(x) for x in v] for k, v in aliases.items()},
        never=[str(x) for x in concepts.get("never", [])],
        always=[str(x) for x in concepts.get("always", [])],
        max_file_mb=float(read.get("max_file_mb", 20.0)),
        traditional_to_simplified=bool(read.get("traditional_to_simplified", False)),
    )
