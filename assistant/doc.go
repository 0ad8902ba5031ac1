// Package assistant is Reel's companion beside the picture. It reads the library through small
// interfaces (Catalog, NoteCatalog, VectorCatalog: *store.Store satisfies them) and talks to a
// local model only through Chatter and Embedder (*ollama.Client satisfies them), so tests put a
// recorded or scripted model in their place.
//
//   - Texts: keywords and sentiment of a film, its scenes and the user's review, without a model
//     (packages keywords and sentiment); Seen is the same over what was seen by a moment, for
//     the panel while watching.
//   - Watched: the film as seen by a moment. Every read (lines, scenes, notes, search) takes the
//     moment, and nothing that starts at or after it comes back; a scene's note only once the
//     scene is over.
//   - Companion: questions and recaps answered from a memory bounded by the playhead (Memory):
//     the story so far (the notes of the scenes over, or their keywords and key line; stretches
//     of scenes summed up together when there are many, so the whole of what was seen is
//     there), the passages around the seen lines that match the question (the Bleve lines
//     index, start before the playhead), and the newest lines, each item with its [HH:MM:SS].
//     Every request sets num_ctx (the model's context from /api/show, capped by the user's
//     setting, 8,192 by default) and num_predict, and fits in it by a token estimate that errs
//     high, so the server never cuts a prompt. Context puts the memory, with the film's facts,
//     in delimited blocks that file text cannot close, under a system prompt that says to
//     ignore instructions inside them. Answers cite [HH:MM:SS]; Citations finds the citations
//     and drops any beyond the playhead. Without a model, Ask answers with the best matching
//     seen lines and Recap lists the scenes so far.
//   - Notes: a note per narrative scene as structured output (a JSON schema), validated,
//     retried once, stored and made searchable; never rewritten unless asked. Each starts from
//     the rolling summary the note before wrote (at most MaxSoFar characters), not from every
//     earlier note, and fits in the model's context.
//   - Recommender: unwatched films like one film, or for the user from their history, ratings
//     and reviews, by embeddings (or TF-IDF without an embedding model) plus shared keywords,
//     genres and people, each with its reasons, varied by MMR.
//
// Text from files (subtitles, .nfo, the notes made from them) reaches a model only through data,
// which neutralises Reel's block tags and the control tokens of chat templates (<|im_start|>,
// <|eot_id|>, [INST], <s>, <start_of_turn>…): a subtitle line cannot close a block or forge a
// turn. Every model call has the limits of package ollama (time, length, a stream that must
// end with its last message); an answer stopped by one comes back as far as it got, with an
// *ollama.CutError, for the front-end to show marked as cut.
//
// Model output is only ever shown as text: nothing in it is run or used as a path.
package assistant
