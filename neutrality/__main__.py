from neutrality.cli import main

main()
