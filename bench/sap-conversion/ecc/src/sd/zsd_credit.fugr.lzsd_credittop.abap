FUNCTION-POOL zsd_credit.

* Credit data of the last customer read (KNKK buffer)
DATA gs_knkk TYPE knkk.
