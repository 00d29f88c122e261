"""`python -m summarise`: the console script, for when it is not on the PATH."""

from summarise.cli import main

if __name__ == "__main__":
    main()
