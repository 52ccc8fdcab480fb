import SegueDSP
