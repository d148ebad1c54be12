"""Text mining helpers shared by the category classifier and the themes: segmentation of Chinese
(rjieba with a hotline dictionary) and English (311 descriptors) through one interface."""

from analytics.text.segment import Segmenter, segmenter, tokens_frame, words

__all__ = ["Segmenter", "segmenter", "tokens_frame", "words"]
