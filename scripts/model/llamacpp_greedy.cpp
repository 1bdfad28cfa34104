// Greedy token ids from llama.cpp's library for a prompt given as ids, one step at a time (batch 1, no sampler):
// the reference compare_llamacpp.sh checks `falconet generate --greedy` against. Falconet's own code; it links
// against a llama.cpp build and is compiled by the script, never shipped with one.
//
//   llamacpp_greedy MODEL.gguf 1,2,3 N [THREADS]   → N ids, comma-separated, then each step's top-2 margin on stderr
#include "llama.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char ** argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s MODEL.gguf IDS N [THREADS]\n", argv[0]);
        return 2;
    }
    std::vector<llama_token> prompt;
    std::stringstream ss(argv[2]);
    for (std::string s; std::getline(ss, s, ',');) prompt.push_back(std::atoi(s.c_str()));
    const int n = std::atoi(argv[3]);
    const int threads = argc > 4 ? std::atoi(argv[4]) : 2;

    llama_backend_init();
    llama_model * model = llama_model_load_from_file(argv[1], llama_model_default_params());
    if (!model) { fprintf(stderr, "cannot load %s\n", argv[1]); return 1; }
    llama_context_params cp = llama_context_default_params();
    cp.n_ctx = prompt.size() + n + 8;
    cp.n_batch = cp.n_ctx;
    cp.n_threads = threads;
    cp.n_threads_batch = threads;
    llama_context * ctx = llama_init_from_model(model, cp);
    const int nv = llama_vocab_n_tokens(llama_model_get_vocab(model));

    llama_batch batch = llama_batch_get_one(prompt.data(), prompt.size());
    llama_token tok;
    for (int i = 0; i < n; i++) {
        if (llama_decode(ctx, batch)) { fprintf(stderr, "decode failed\n"); return 1; }
        const float * l = llama_get_logits_ith(ctx, -1);
        int best = 0, second = 1;
        if (l[1] > l[0]) { best = 1; second = 0; }
        for (int v = 2; v < nv; v++) {
            if (l[v] > l[best]) { second = best; best = v; }
            else if (l[v] > l[second]) second = v;
        }
        printf(i == 0 ? "%d" : ",%d", best);
        fprintf(stderr, i == 0 ? "%.4f" : ",%.4f", l[best] - l[second]);
        tok = best;
        batch = llama_batch_get_one(&tok, 1);
    }
    printf("\n");
    fprintf(stderr, "\n");
    llama_free(ctx);
    llama_model_free(model);
    return 0;
}
