"""Find words that lost the spaces around links, and put the spaces back.

Text copied out of a web page often loses the whitespace on either side of a link:
"North Korean leader <a>Kim Jong Un</a> hailed" becomes "leaderKim Jong Unhailed".  This
module finds such joins and proposes one space for each; it never changes, adds or drops a
letter.

How it decides (see ``find_joins``):

1. Every word that is not a common English word goes through a small dynamic program that
   compares "one word" against "two or three words glued together", in log10 probabilities:
   word frequencies from ``wordfreq``, boosted for words that stand alone elsewhere in the same
   article or that the caller knows as entity names, with bonuses for a capital inside a token
   ("leaderKim"), a switch between letters and digits ("about600") and a prior against glue.
   A token that occurs three times in the text is taken for a word of its own.
2. Each cut of the best segmentation is then judged by a small logistic model over plain
   features: that margin, the frequencies of the pieces and of the whole, whether the pieces or
   the whole occur elsewhere in the article, how many other rare tokens of the article share the
   piece (one link template glues the same word to many names), the case pattern at the cut,
   function words, the neighbouring words; how common the two pieces are as a word pair and
   each with the word beside it ("of the|losses", "suffered|in the") and whether the whole is
   a word after all, from the Google Web Trillion Word counts shipped with ``wordsegment`` (read
   on first use; without the package, models fitted without these features are used); and, in
   a second stage, how sure the first stage is about the cuts a few words away (a link glued on
   both ends leaves two joins).  The weights were fitted on two sets of news text whose link
   spaces had been dropped, weighing the same: the tuning part of a corpus of real news pages
   (their real links) and the train part of the PolNeAR articles (glued by a fixed rule, see
   benchmarks/polnear_glue.py); no text or word list of either is shipped, only the fitted
   weights, read from ``weights.json`` in this package, which
   ``python benchmarks/repair_eval.py --fit`` writes.  The acceptance threshold (``accept``
   there, 0.5) was chosen on the news pages (docs/repair-tuning.md).  ``Join.confidence`` is
   that probability: the review dialog shows it, and keeping only joins of 0.9 or more about
   halves the wrong spaces at a cost of several points of recall.
   Before the model, a few cuts are refused by the article's own words: two capitalised
   common words the article never writes apart, before a lower-case word, are one camel-case
   name ("IndexError when"; not after a title, "PresidentObama's"); a rare name start before
   "as", "is" or "us" ("Deoras"); a lone digit after no common word ("foo1").  Plurals of known
   words ("Dockerfiles") count as words, an unknown acronym between small words is a piece
   ("greatTCLUGmeeting"), and an unknown name that ends in a word ("Jasand") is less likely.
3. Missing spaces after punctuation ("mansion.Grant's", "types,we", "(fMRI)to", 'said"heroes',
   'days,"Dimon', "U.S.managed", "disagreed.[1]The"), before brackets and quotes ("bag($140)",
   "a‘thigh bone’"), around a bar where the article spaces its bars ("Politics|Sport")
   are found by a few rules, and known names glued to a word by a search for the name.
4. The ends of web addresses are checked by rules of their own: "towww.x.org",
   "helicopterhttp://t.co/x", "...pic.twitter.com/y", "toGoogle.comtoday", "bloomberg.netGail",
   "About.com'sMedical", "fromBreitbart.comtoElle"; so are e-mail addresses whose name starts with
   a glued "at" or "to" when the rest is a name of the article ("atcwellisz@" after "Chris
   Wellisz"), hashtags: "of#QZ8501", and "#QZ8501victims" when the tag also comes with
   other endings, and a small or capitalised word before a handle ("at@janedoe").
5. A few glued forms the segmentation cannot see have rules too: a title before a name
   ("VermontSen. Bernie"), a word before "F-actins" or "A&E", "theU.S.", "Natural'sCorporate" and
   "a4-minute", "VitaminsCandE"; brands with a small first letter are never cut inside ("oneBay" is "on eBay").

Web addresses, e-mail addresses, handles, hashtags and file names are otherwise never cut;
lines of code or markup and text that is not English are left alone.  Offsets are code points.

Where each part is: ``joins`` (the ``Join`` type, ``apply_joins``, ``context``), ``detector``
(``find_joins``), ``words`` (the word lists, wordfreq's and wordsegment's counts), ``text``
(word runs, chunks, lines, and the lines left alone), ``scoring`` (1: pieces, segmentation and
the features of each cut), ``model`` (2: the two stages and the weights file), ``punctuation``
(3), ``names`` (3: known names), ``web`` (4) and ``forms`` (5).

To run with other weights, ``find_joins(text, model=Model.load(path))``.  ``cut_candidates``,
``probability``, ``paired_features`` and ``Model.save`` are what the fitting in
``benchmarks/repair_eval.py`` uses.
"""

from __future__ import annotations

from claimmark.core.repair.detector import cut_candidates, find_joins
from claimmark.core.repair.joins import Join, apply_joins, context
from claimmark.core.repair.model import Model, Stages, WeightsError, default_model, paired_features, probability
from claimmark.core.repair.scoring import Candidate, Segmentation
from claimmark.core.repair.words import read_word_pairs, word_pairs

__all__ = [
    "Candidate",
    "Join",
    "Model",
    "Segmentation",
    "Stages",
    "WeightsError",
    "apply_joins",
    "context",
    "cut_candidates",
    "default_model",
    "find_joins",
    "paired_features",
    "probability",
    "read_word_pairs",
    "word_pairs",
]
