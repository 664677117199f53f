"""Import of legacy StateTrace .accdb files into the site databases."""
