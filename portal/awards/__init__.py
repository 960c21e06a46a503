"""The awards programme's reader pages (/awards/...)."""
