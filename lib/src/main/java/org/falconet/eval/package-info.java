/**
 * Scoring a language model the way the Open LLM Leaderboard did with EleutherAI's
 * lm-evaluation-harness: log-likelihoods of answer choices, {@code acc} and {@code acc_norm}, the
 * harness's prompts and few-shot sampling for ARC, HellaSwag, MMLU and TruthfulQA, and perplexity.
 */
package org.falconet.eval;
