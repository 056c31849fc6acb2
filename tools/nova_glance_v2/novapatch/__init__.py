"""The wrapper-free nova: the patch series and putting it into nova trees.

:mod:`.series` finds and reads ``patches/nova``; :mod:`.tree` knows a nova
tree (git checkout or plain, e.g. an installed package); :mod:`.apply`
reports and applies the series, idempotently and all or nothing.
"""
