import SegueIndex
