"""dossierkit: build cross-linked topic dossiers from small YAML entries.

The public face of the core is small:

- :func:`load_dossier` reads a dossier folder and returns a :class:`Dossier`
  (or raises :class:`DossierError` carrying every problem found);
- :class:`Problem` is one located message (file, line, column, text).

Nothing in the core imports MkDocs; the MkDocs plugin and the CLI are thin
adapters over it.
"""

from dossierkit.errors import DossierError, Problem
from dossierkit.structure.dossier import Dossier
from dossierkit.loading.load import load_dossier

__all__ = ["Dossier", "DossierError", "Problem", "load_dossier"]
__version__ = "0.1.0"
