"""Content credentials (C2PA) on pictures: reading manifests that arrive with uploads, signing renditions.

`reading` turns a manifest store into the claims editors and readers see;
`signing` embeds the publisher's manifest in each rendition when
C2PA_SIGNING_CERT / C2PA_SIGNING_KEY are set (off otherwise).
"""
